import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// Live chat (docs/chat.md). A *visitor* is whoever opened the widget on a customer's site: a
// profile separate from the users table (docs/chat.md), linked to a contact when the email
// matches or an agent links them. Each visit is a *session* (its IP address and user agent)
// with the *pages* it went through. A *chat* is one conversation of a visitor with agents:
// its messages and attached files. A chat may become a ticket (ticket_id).
//
// Every column here can be deleted on its own schedule: a whole chat (admins), only its
// files, chats older than the retention setting, a visitor with their last chat, and all of
// it when the linked contact is erased (the erasure map, src/domain/erasure/map/chat.ts).
// The external ids of deleted chats are kept as sha256 hashes, so that a message re-synced
// from another system can never bring a deleted chat back.

type Builder = CreateTableBuilder<string, never>;

function withId(t: Builder, caps: DialectCaps): Builder {
  return caps.idType === 'serial'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  await withId(db.schema.createTable('visitors'), caps)
    // The contact this visitor is known to be (same email, or linked by an agent).
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('notes', 'text')
    // sha256 of the secret the widget keeps in the visitor's browser to come back as the same visitor.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visitors_user').on('visitors').columns(['user_id']).execute();
  await db.schema.createIndex('visitors_updated').on('visitors').columns(['updated_at', 'id']).execute();

  await withId(db.schema.createTable('visitor_sessions'), caps)
    .addColumn('visitor_id', 'integer', (c) => c.notNull().references('visitors.id'))
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visitor_sessions_visitor').on('visitor_sessions').columns(['visitor_id']).execute();

  await withId(db.schema.createTable('visitor_pages'), caps)
    .addColumn('session_id', 'integer', (c) => c.notNull().references('visitor_sessions.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('visited_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visitor_pages_session').on('visitor_pages').columns(['session_id']).execute();

  await withId(db.schema.createTable('chats'), caps)
    .addColumn('visitor_id', 'integer', (c) => c.notNull().references('visitors.id'))
    .addColumn('session_id', 'integer', (c) => c.references('visitor_sessions.id'))
    // waiting (no agent yet) → active (an agent joined) → ended.
    .addColumn('status', 'text', (c) => c.notNull())
    // The agent who answered (kept, as the stub, when that agent is erased).
    .addColumn('agent_id', 'integer', (c) => c.references('users.id'))
    // The ticket the chat became, if it did.
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id'))
    // The chat's id in the system it was synced from, if any (docs/chat.md, "Re-synced chats").
    .addColumn('external_id', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chats_visitor').on('chats').columns(['visitor_id']).execute();
  await db.schema.createIndex('chats_session').on('chats').columns(['session_id']).execute();
  await db.schema.createIndex('chats_ticket').on('chats').columns(['ticket_id']).execute();
  await db.schema.createIndex('chats_agent').on('chats').columns(['agent_id']).execute();
  await db.schema.createIndex('chats_status').on('chats').columns(['status', 'started_at']).execute();
  await db.schema.createIndex('chats_started').on('chats').columns(['started_at', 'id']).execute();
  await db.schema.createIndex('chats_updated').on('chats').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('chats_external').on('chats').columns(['external_id']).unique().execute();

  await withId(db.schema.createTable('chat_messages'), caps)
    .addColumn('chat_id', 'integer', (c) => c.notNull().references('chats.id'))
    // visitor | agent | system (joined, left, ended: fixed words and ids only).
    .addColumn('author_kind', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'integer', (c) => c.references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chat_messages_chat').on('chat_messages').columns(['chat_id', 'id']).execute();
  await db.schema.createIndex('chat_messages_agent').on('chat_messages').columns(['agent_id']).execute();
  // Chat search (GET /chat/chats/search) and erasure planning read it.
  await caps.createTextIndex(db, 'chat_messages', 'body');

  await withId(db.schema.createTable('chat_attachments'), caps)
    .addColumn('chat_id', 'integer', (c) => c.notNull().references('chats.id'))
    .addColumn('message_id', 'integer', (c) => c.references('chat_messages.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // 1 once its bytes were replaced by the empty redacted.txt placeholder.
    .addColumn('redacted', 'integer', (c) => c.notNull())
    .addColumn('data', caps.blobType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chat_attachments_chat').on('chat_attachments').columns(['chat_id']).execute();
  await db.schema.createIndex('chat_attachments_message').on('chat_attachments').columns(['message_id']).execute();

  // The external ids of chats deleted on purpose, as sha256 hex: a re-sync is refused.
  await db.schema
    .createTable('deleted_chat_external_ids')
    .addColumn('external_id_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

import type { Kysely, CreateTableBuilder } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
// Tables of the mail channel (issue 3). Their fates on erasure are in src/domain/erasure/map/mail.ts.

type Builder = CreateTableBuilder<string, never>;

function withId(t: Builder, caps: DialectCaps): Builder {
  return caps.idType === 'serial'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  // Only a sha256 of each Message-ID: enough to thread and to refuse a re-delivery after the
  // ticket was erased (these rows are kept with the tombstone), never the address-like id itself.
  await withId(db.schema.createTable('ticket_message_ids'), caps)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('message_id_hash', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One row per Message-ID: a second delivery of the same message loses the race here.
  await db.schema.createIndex('ticket_message_ids_hash').on('ticket_message_ids').column('message_id_hash').unique().execute();
  await db.schema.createIndex('ticket_message_ids_ticket').on('ticket_message_ids').column('ticket_id').execute();

  // The message as it arrived, so that redaction and erasure can reach every copy.
  await withId(db.schema.createTable('raw_messages'), caps)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id'))
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', caps.blobType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('raw_messages_ticket').on('raw_messages').columns(['ticket_id', 'id']).execute();
  await db.schema.createIndex('raw_messages_comment').on('raw_messages').column('comment_id').execute();

  // The outbox holds ids only: subject and body are rendered from the ticket when sent, so a
  // redaction made while a mail waits reaches it, and no copy of the text sits here.
  await withId(db.schema.createTable('outbound_mail'), caps)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('last_error_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbound_mail_due').on('outbound_mail').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbound_mail_recipient').on('outbound_mail').column('recipient_id').execute();
  await db.schema.createIndex('outbound_mail_ticket').on('outbound_mail').column('ticket_id').execute();
  await db.schema.createIndex('outbound_mail_comment').on('outbound_mail').column('comment_id').execute();

  // A reply to a closed ticket starts a new ticket that links back to the closed one.
  await db.schema
    .createTable('ticket_followups')
    .addColumn('ticket_id', 'integer', (c) => c.primaryKey().references('tickets.id'))
    .addColumn('source_ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_followups_source').on('ticket_followups').column('source_ticket_id').execute();
}

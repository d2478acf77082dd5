import type { On } from './where.ts';
import { dbOf, isoOf, nextSeq } from './where.ts';

// Visitors, chats, messages and files written straight as rows (the live channel is
// another part's; the import route is the API's way in, tested on its own).

export interface ChatSeed {
  visitorId?: number;
  userId?: number | null;
  visitor?: { name?: string; email?: string; phone?: string; notes?: string };
  messages?: string[];
  files?: { name: string; bytes: string }[];
  startedAt?: string;
  externalId?: string;
  ticketId?: number | null;
  /** Pages of the session (one session per chat unless sessionId is given). */
  pages?: string[];
  sessionId?: number;
}

/** A chat with its visitor (new unless given), session, pages, messages and files; returns the ids. */
export async function insertChatRecord(on: On, seed: ChatSeed = {}) {
  const db = dbOf(on);
  const at = seed.startedAt ?? isoOf(on);
  const visitorId =
    seed.visitorId ??
    (
      await db
        .insertInto('visitors')
        .values({ user_id: seed.userId ?? null, name: seed.visitor?.name ?? null, email: seed.visitor?.email ?? null, phone: seed.visitor?.phone ?? null, notes: seed.visitor?.notes ?? null, token_hash: `th${nextSeq()}`, created_at: at, updated_at: at, last_seen_at: at })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const sessionId =
    seed.sessionId ??
    (await db.insertInto('visitor_sessions').values({ visitor_id: visitorId, ip: '203.0.113.7', user_agent: 'Mozilla/5.0 TestBrowser', started_at: at, last_seen_at: at }).returning('id').executeTakeFirstOrThrow()).id;
  for (const url of seed.pages ?? []) await db.insertInto('visitor_pages').values({ session_id: sessionId, url, title: 'A page', visited_at: at }).execute();
  const chatId = (
    await db
      .insertInto('chats')
      .values({ visitor_id: visitorId, session_id: sessionId, status: 'ended', agent_id: null, ticket_id: seed.ticketId ?? null, external_id: seed.externalId ?? null, started_at: at, ended_at: at, updated_at: at, tags: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const messageIds: number[] = [];
  for (const body of seed.messages ?? ['Hello, I need help']) {
    messageIds.push((await db.insertInto('chat_messages').values({ chat_id: chatId, author_kind: 'visitor', agent_id: null, body, external_id: null, created_at: at }).returning('id').executeTakeFirstOrThrow()).id);
  }
  const fileIds: number[] = [];
  for (const f of seed.files ?? []) {
    fileIds.push(
      (
        await db
          .insertInto('chat_attachments')
          .values({ chat_id: chatId, message_id: messageIds[0] ?? null, file_name: f.name, content_type: 'text/plain', size: f.bytes.length, redacted: 0, data: Buffer.from(f.bytes), created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  return { visitorId, sessionId, chatId, messageIds, fileIds };
}

import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// Visitors and visits that never chatted (docs/chat.md "Visitors who never chat"): found in
// (last_seen_at, id) order, deleted with the condition written again in the DELETE itself,
// so a visitor who started a chat since the read stays.

type Cursor = { at: string; id: number } | null;

const noChatOfVisitor = (eb: ExpressionBuilder<Database, 'visitors'>) =>
  eb.not(eb.exists(eb.selectFrom('chats').select('chats.id').whereRef('chats.visitor_id', '=', 'visitors.id')));
const noChatOfSession = (eb: ExpressionBuilder<Database, 'visitor_sessions'>) =>
  eb.not(eb.exists(eb.selectFrom('chats').select('chats.id').whereRef('chats.session_id', '=', 'visitor_sessions.id')));

/** Visitors with no chat at all, last seen before the cutoff, after the cursor. */
export async function idleVisitorsBefore(db: Kysely<Database>, cutoff: string, cursor: Cursor, limit: number): Promise<{ id: number; at: string }[]> {
  let q = db.selectFrom('visitors').select(['id', 'last_seen_at as at']).where('last_seen_at', '<', cutoff).where(noChatOfVisitor);
  if (cursor) q = q.where((eb) => eb.or([eb('last_seen_at', '>', cursor.at), eb.and([eb('last_seen_at', '=', cursor.at), eb('id', '>', cursor.id)])]));
  return q.orderBy('last_seen_at').orderBy('id').limit(limit).execute();
}

/** Sessions no chat points at, last seen before the cutoff, after the cursor. */
export async function idleSessionsBefore(db: Kysely<Database>, cutoff: string, cursor: Cursor, limit: number): Promise<{ id: number; at: string }[]> {
  let q = db.selectFrom('visitor_sessions').select(['id', 'last_seen_at as at']).where('last_seen_at', '<', cutoff).where(noChatOfSession);
  if (cursor) q = q.where((eb) => eb.or([eb('last_seen_at', '>', cursor.at), eb.and([eb('last_seen_at', '=', cursor.at), eb('id', '>', cursor.id)])]));
  return q.orderBy('last_seen_at').orderBy('id').limit(limit).execute();
}

/**
 * Deletes those of these visitors still idle (no chat, last seen before the cutoff) with their
 * sessions and pages, in one transaction; returns the visitors deleted and the rows removed.
 */
export async function deleteIdleVisitors(db: Kysely<Database>, ids: number[], cutoff: string): Promise<{ visitors: number[]; sessions: number; pages: number }> {
  if (!ids.length) return { visitors: [], sessions: 0, pages: 0 };
  return db.transaction().execute(async (trx) => {
    const still = (await trx.selectFrom('visitors').select('id').where('id', 'in', ids).where('last_seen_at', '<', cutoff).where(noChatOfVisitor).execute()).map((r) => r.id);
    if (!still.length) return { visitors: [], sessions: 0, pages: 0 };
    const idle = (eb: ExpressionBuilder<Database, 'visitor_sessions'>) =>
      eb('visitor_sessions.visitor_id', 'in', eb.selectFrom('visitors').select('visitors.id').where('visitors.id', 'in', still).where('visitors.last_seen_at', '<', cutoff).where(noChatOfVisitor));
    const sessionIds = trx.selectFrom('visitor_sessions').select('visitor_sessions.id').where(idle);
    const pages = await trx.deleteFrom('visitor_pages').where('session_id', 'in', sessionIds).executeTakeFirst();
    const sessions = await trx.deleteFrom('visitor_sessions').where(idle).executeTakeFirst();
    const gone = await trx.deleteFrom('visitors').where('id', 'in', still).where('last_seen_at', '<', cutoff).where(noChatOfVisitor).returning('id').execute();
    return { visitors: gone.map((r) => r.id), sessions: Number(sessions.numDeletedRows), pages: Number(pages.numDeletedRows) };
  });
}

/** Deletes those of these sessions still idle (no chat, last seen before the cutoff) with their pages; returns the sessions deleted. */
export async function deleteIdleSessions(db: Kysely<Database>, ids: number[], cutoff: string): Promise<{ sessions: number[]; pages: number }> {
  if (!ids.length) return { sessions: [], pages: 0 };
  return db.transaction().execute(async (trx) => {
    const idle = (eb: ExpressionBuilder<Database, 'visitor_sessions'>) => eb.and([eb('visitor_sessions.id', 'in', ids), eb('visitor_sessions.last_seen_at', '<', cutoff), noChatOfSession(eb)]);
    const pages = await trx.deleteFrom('visitor_pages').where('session_id', 'in', trx.selectFrom('visitor_sessions').select('visitor_sessions.id').where(idle)).executeTakeFirst();
    const gone = await trx.deleteFrom('visitor_sessions').where(idle).returning('id').execute();
    return { sessions: gone.map((r) => r.id), pages: Number(pages.numDeletedRows) };
  });
}

import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, VisitorsTable } from '../schema.ts';

// Visitors of the chat widget, their visits (sessions) and the pages of each visit.

export type VisitorRow = Awaited<ReturnType<typeof getVisitor>> & {};

export async function getVisitor(db: Kysely<Database>, id: number) {
  return db.selectFrom('visitors').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findVisitorByTokenHash(db: Kysely<Database>, tokenHash: string) {
  return db.selectFrom('visitors').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function insertVisitor(db: Kysely<Database>, row: Insertable<VisitorsTable>): Promise<number> {
  return (await db.insertInto('visitors').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateVisitorRow(db: Kysely<Database>, id: number, patch: Updateable<VisitorsTable>): Promise<void> {
  await db.updateTable('visitors').set(patch).where('id', '=', id).execute();
}

export async function insertVisitorSession(db: Kysely<Database>, row: { visitor_id: number; ip: string | null; user_agent: string | null; now: string }): Promise<number> {
  const r = await db
    .insertInto('visitor_sessions')
    .values({ visitor_id: row.visitor_id, ip: row.ip, user_agent: row.user_agent, started_at: row.now, last_seen_at: row.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function getVisitorSessions(db: Kysely<Database>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('visitor_sessions').selectAll().where('id', 'in', ids).execute();
}

/** The id of the visitor's most recent visit, if any (by the visitor_sessions_visitor index). */
export async function latestVisitorSessionId(db: Kysely<Database>, visitorId: number): Promise<number | null> {
  const r = await db.selectFrom('visitor_sessions').select('id').where('visitor_id', '=', visitorId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r?.id ?? null;
}

export async function touchVisitorSession(db: Kysely<Database>, id: number, now: string): Promise<void> {
  await db.updateTable('visitor_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function insertVisitorPage(db: Kysely<Database>, row: { session_id: number; url: string; title: string | null; visited_at: string }): Promise<void> {
  await db.insertInto('visitor_pages').values(row).execute();
}

/** The pages of these sessions, oldest first. */
export async function pagesOfSessions(db: Kysely<Database>, sessionIds: number[]) {
  if (!sessionIds.length) return [];
  return db.selectFrom('visitor_pages').selectAll().where('session_id', 'in', sessionIds).orderBy('id').execute();
}

export async function getVisitors(db: Kysely<Database>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('visitors').selectAll().where('id', 'in', ids).execute();
}

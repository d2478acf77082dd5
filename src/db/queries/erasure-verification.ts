import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { DialectCaps } from '../dialects/caps.ts';
import { htmlHolds, matchingIds, type HitSource, type Phrase } from './erasure-request-planning.ts';
import { erDb, type MatchRow, type TermRow } from './erasure-requests.ts';

// What the verification of an erasure reads to say *where* something was found: row ids of
// index hits, of rows holding an identifier, of what is left of the person. Ids only.

const n = (v: unknown) => Number(v ?? 0);

const TABLE = { subject: 'tickets', comment: 'comments', attachment_name: 'attachments' } as const;

/**
 * Ids (ascending, at most `limit`) of rows of the source holding any of the phrases, in
 * tickets the person did not request and that are not erased: the rows remainingHits counts.
 */
export async function hitIds(db: Kysely<Database>, caps: DialectCaps, source: HitSource, phrases: Phrase[], userId: number, limit: number): Promise<number[]> {
  const ids = matchingIds(caps, source, phrases);
  const ticketOf = source === 'subject' ? sql`x.id` : sql`(select ticket_id from ${sql.table(TABLE[source])} where id = x.id)`;
  const r = await sql<{ id: number | string }>`
    select x.id from (${ids}) x
    where exists (select 1 from tickets t where t.id = ${ticketOf} and t.requester_id <> ${userId} and t.state <> 'erased')
    order by x.id limit ${limit}`.execute(db);
  return r.rows.map((x) => n(x.id));
}

/** Ids (ascending, at most `limit`) of comments whose HTML holds any of the strings (lower case), in tickets the person did not request: the rows remainingHtmlHits counts. */
export async function htmlHitIds(db: Kysely<Database>, needles: string[], userId: number, limit: number): Promise<number[]> {
  if (!needles.length) return [];
  const r = await sql<{ id: number | string }>`
    select c.id from comments c join tickets t on t.id = c.ticket_id
    where ${htmlHolds(needles)} and t.requester_id <> ${userId} and t.state <> 'erased'
    order by c.id limit ${limit}`.execute(db);
  return r.rows.map((x) => n(x.id));
}

/** The places (source and row id) an agent rejected in this request: someone else's data, kept. */
export async function rejectedPlaces(db: Kysely<Database>, requestId: number): Promise<{ location: string; source_id: number }[]> {
  return erDb(db).selectFrom('erasure_request_matches').select(['location', 'source_id']).where('request_id', '=', requestId).where('decision', '=', 'reject').execute();
}

/** The request's rejected matches, whole (kept for a fix when a check after the erasure fails). */
export async function rejectedMatches(db: Kysely<Database>, requestId: number): Promise<MatchRow[]> {
  return erDb(db).selectFrom('erasure_request_matches').selectAll().where('request_id', '=', requestId).where('decision', '=', 'reject').orderBy('id').execute();
}

/** The request's accepted terms, whole. */
export async function acceptedTermRows(db: Kysely<Database>, requestId: number): Promise<TermRow[]> {
  return erDb(db).selectFrom('erasure_request_terms').selectAll().where('request_id', '=', requestId).where('accepted', '=', 1).orderBy('id').execute();
}

/** Ids of the person's identities still there (at most `limit`). */
export async function identityIdsOf(db: Kysely<Database>, userId: number, limit: number): Promise<number[]> {
  return (await db.selectFrom('identities').select('id').where('user_id', '=', userId).orderBy('id').limit(limit).execute()).map((r) => r.id);
}

/**
 * Ids (at most `limit`) of rows of `table` whose `column`, read as text, contains `needle`
 * byte for byte; `id` null for a table without an id column (then only the count matters).
 */
export async function rowsHolding(db: Kysely<Database>, table: string, column: string, idColumn: string | null, needle: string, limit: number): Promise<{ ids: number[]; count: number }> {
  const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where = sql`cast(${sql.ref(column)} as text) like ${like} escape '\\'`;
  const c = await sql<{ c: number | string }>`select count(*) as c from ${sql.table(table)} where ${where}`.execute(db);
  const count = n(c.rows[0]?.c);
  if (!count || !idColumn) return { ids: [], count };
  const r = await sql<{ id: number | string }>`select ${sql.ref(idColumn)} as id from ${sql.table(table)} where ${where} order by 1 limit ${limit}`.execute(db);
  return { ids: r.rows.map((x) => n(x.id)), count };
}

/** Deletes every term and match of a request (before its final check: they hold its terms). */
export async function deleteRequestData(db: Kysely<Database>, requestId: number): Promise<void> {
  await erDb(db).deleteFrom('erasure_request_matches').where('request_id', '=', requestId).execute();
  await erDb(db).deleteFrom('erasure_request_terms').where('request_id', '=', requestId).execute();
}

/** The moment the person was first erased (kept when a fix scrubs the stub again). */
export async function setErasedAt(db: Kysely<Database>, userId: number, at: string): Promise<void> {
  await db.updateTable('users').set({ erased_at: at }).where('id', '=', userId).execute();
}

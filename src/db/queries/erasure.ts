import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { DialectCaps } from '../dialects/caps.ts';
import { syncTicketFacts } from './reports-facts.ts';

// The erasure walker's SQL. Table and column names come from the erasure map, never from
// a request, so the dynamic names here are as fixed as the map itself.

type AnyDb = Kysely<any>;

/** Rows of `table` whose `column` is one of `ids` (and whose `onlyWhereNull` columns are null). */
export interface Referencing {
  table: string;
  column: string;
  ids: readonly number[];
  onlyWhereNull?: readonly string[];
}

function whereReferencing(caps: DialectCaps, q: any, r: Referencing): any {
  let out = q.where(caps.idsIn(r.column, r.ids));
  for (const c of r.onlyWhereNull ?? []) out = out.where(c, 'is', null);
  return out;
}

/**
 * Which of the selections hold any row, all asked in one statement: the walker visits only
 * the tables that hold rows for the batch (one round trip instead of one a table).
 */
export async function holdingRows(db: Kysely<Database>, caps: DialectCaps, probes: readonly Referencing[]): Promise<boolean[]> {
  if (!probes.length) return [];
  const any = db as unknown as AnyDb;
  const row = await any
    .selectNoFrom((eb: any) => probes.map((p, i) => eb.exists(whereReferencing(caps, any.selectFrom(p.table).select(sql.lit(1).as('x')), p)).as(`p${i}`)))
    .executeTakeFirstOrThrow();
  return probes.map((_, i) => Boolean(Number(row[`p${i}`]) || row[`p${i}`] === true));
}

/** The referencing rows, each with the row it references (`parent`). */
export async function rowsReferencing(db: Kysely<Database>, caps: DialectCaps, r: Referencing): Promise<{ id: number; parent: number }[]> {
  const any = db as unknown as AnyDb;
  const rows = await whereReferencing(caps, any.selectFrom(r.table).select(['id', `${r.column} as parent`]), r).orderBy('id').execute();
  return rows.map((x: { id: number; parent: number }) => ({ id: Number(x.id), parent: Number(x.parent) }));
}

/** Deletes the referencing rows; returns the row each one referenced (one entry a deleted row). */
export async function deleteReferencingReturning(db: Kysely<Database>, caps: DialectCaps, r: Referencing): Promise<number[]> {
  const any = db as unknown as AnyDb;
  const rows = await whereReferencing(caps, any.deleteFrom(r.table), r).returning(`${r.column} as parent`).execute();
  return rows.map((x: { parent: number }) => Number(x.parent));
}

/** Deletes the referencing rows; returns how many went. */
export async function deleteReferencing(db: Kysely<Database>, caps: DialectCaps, r: Referencing): Promise<number> {
  const any = db as unknown as AnyDb;
  const res = await whereReferencing(caps, any.deleteFrom(r.table), r).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Ids of up to `limit` rows of `table` whose `column` is one of `ids` and that are not erased
 * yet (by their marker), lowest first; locked for the rest of the transaction with `lock`.
 */
export async function unerasedReferencing(
  db: Kysely<Database>,
  caps: DialectCaps,
  r: { table: string; column: string; ids: readonly number[]; marker: string; limit: number; lock?: boolean },
): Promise<number[]> {
  return (await unerasedReferencingOwned(db, caps, r)).map((x) => x.id);
}

/** Like unerasedReferencing, with the referenced row (`owner`) of each: a batch of several owners' rows. */
export async function unerasedReferencingOwned(
  db: Kysely<Database>,
  caps: DialectCaps,
  r: { table: string; column: string; ids: readonly number[]; marker: string; limit: number; lock?: boolean },
): Promise<{ id: number; owner: number }[]> {
  let q = (db as unknown as AnyDb)
    .selectFrom(r.table)
    .select(['id', `${r.column} as owner`])
    .where(caps.idsIn(r.column, r.ids))
    .where(r.marker, 'is', null)
    .orderBy('id')
    .limit(r.limit);
  if (r.lock) q = q.forUpdate();
  const rows = await q.execute();
  return rows.map((x: { id: number; owner: number }) => ({ id: Number(x.id), owner: Number(x.owner) }));
}

/** Overwrites the rows' columns with their blank values (the stub or the tombstone). */
export async function scrubRows(db: Kysely<Database>, caps: DialectCaps, table: string, ids: readonly number[], values: Record<string, unknown>): Promise<number> {
  const r = await (db as unknown as AnyDb).updateTable(table).set(values).where(caps.idsIn('id', ids)).executeTakeFirst();
  // A ticket's report fact is stamped erased in the same commit; its figures stay (docs/reports.md).
  if (table === 'tickets') await syncTicketFacts(db, ids);
  return Number(r.numUpdatedRows);
}

/** Deletes rows by id (a table without a tombstone). */
export async function deleteRows(db: Kysely<Database>, caps: DialectCaps, table: string, ids: readonly number[]): Promise<number> {
  const r = await (db as unknown as AnyDb).deleteFrom(table).where(caps.idsIn('id', ids)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The ticket facts an erasure checks, locked for the rest of the transaction where the database can. */
export async function ticketForErasure(db: Transaction<Database>, id: number, lock: boolean) {
  let q = db
    .selectFrom('tickets')
    .select(['id', 'state', 'state_changed_at', 'requester_id', 'erased_at'])
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The user facts an erasure checks, locked for the rest of the transaction where the database can. */
export async function userForErasure(db: Transaction<Database>, id: number, lock: boolean) {
  let q = db
    .selectFrom('users')
    .select(['id', 'role', 'is_owner', 'deleted_at', 'erasing_since', 'erased_at'])
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Marks an erasure as started, only while the user is still deleted and not erased. */
export async function markErasing(db: Kysely<Database>, id: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ erasing_since: now })
    .where('id', '=', id)
    .where('deleted_at', 'is not', null)
    .where('erased_at', 'is', null)
    .where('erasing_since', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface LiveTable {
  name: string;
  columns: string[];
  /** Declared type of each column, lower case (`text`, `integer`, `blob`, `bytea`, …). */
  types: Record<string, string>;
}

/** Every table of the live schema with its columns (the current schema only, on PostgreSQL). */
export async function liveTables(db: Kysely<Database>): Promise<LiveTable[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  const pg = tables.some((t) => t.schema !== undefined);
  const current = pg ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  return tables
    .filter((t) => !t.isView && (!pg || t.schema === current))
    .map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name), types: Object.fromEntries(t.columns.map((c) => [c.name, c.dataType.toLowerCase()])) }));
}

/**
 * The table.column names holding `needle` anywhere in their bytes (for the "found nowhere"
 * checks). Byte-wise and case-sensitive; on SQLite it also reads the full-text shadow tables.
 */
export async function findTextAnywhere(db: Kysely<Database>, caps: DialectCaps, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const t of await liveTables(db)) {
    for (const c of t.columns) {
      const match = caps.catalog.holdsText(c, t.types[c] ?? '', needle);
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)} where ${match}`.execute(db);
      if (Number(r.rows[0]?.n) > 0) hits.push(`${t.name}.${c}`);
    }
  }
  return hits;
}

// The retention sweeps' reads and writes. Reads walk an index in (time, id) order with a
// keyset cursor, so a backlog costs one pass; every write re-checks the condition itself.

/** Where a sweep's previous batch ended: the last row's time and id. */
export type SweepCursor = { at: string; id: number } | null;

/** Rows after the cursor in (col, id) order; no condition for the first batch. */
function afterCursor<Q>(q: Q, col: string, idCol: string, cursor: SweepCursor): Q {
  if (!cursor) return q;
  return (q as any).where((eb: any) =>
    eb.or([eb(col, '>', cursor.at), eb.and([eb(col, '=', cursor.at), eb(idCol, '>', cursor.id)])]),
  );
}

/** Deleted users not yet erased, deleted before `cutoff`, oldest deletion first. */
export async function usersDeletedBefore(db: Kysely<Database>, cutoff: string, cursor: SweepCursor, limit: number) {
  const q = db
    .selectFrom('users')
    .select(['id', 'deleted_at as at'])
    .where('deleted_at', '<', cutoff)
    .where('erased_at', 'is', null)
    .where('is_owner', '=', 0);
  const rows = await afterCursor(q, 'deleted_at', 'id', cursor)
    .orderBy('deleted_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, at: r.at! }));
}

/**
 * Tickets in Deleted or Spam since before `cutoff`, oldest first. With `requesterLive`,
 * only those whose requester is not a deleted contact (theirs go with the contact).
 */
export async function ticketsInStateBefore(
  db: Kysely<Database>,
  state: 'deleted' | 'spam',
  cutoff: string,
  cursor: SweepCursor,
  limit: number,
  opts: { requesterLive?: boolean } = {},
) {
  let q = db
    .selectFrom('tickets')
    .select(['tickets.id', 'tickets.state_changed_at as at'])
    .where('tickets.state', '=', state)
    .where('tickets.state_changed_at', '<', cutoff);
  q = afterCursor(q, 'tickets.state_changed_at', 'tickets.id', cursor);
  if (opts.requesterLive) {
    q = q.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('users').select('users.id').whereRef('users.id', '=', 'tickets.requester_id').where('users.deleted_at', 'is not', null))),
    );
  }
  const rows = await q.orderBy('tickets.state_changed_at').orderBy('tickets.id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, at: r.at! }));
}

/** Active tickets solved before `cutoff`, oldest first. */
export async function solvedTicketsBefore(db: Kysely<Database>, cutoff: string, cursor: SweepCursor, limit: number) {
  const q = db
    .selectFrom('tickets')
    .select(['id', 'solved_at as at'])
    .where('status', '=', 'solved')
    .where('solved_at', '<', cutoff)
    .where('state', '=', 'active');
  const rows = await afterCursor(q, 'solved_at', 'id', cursor)
    .orderBy('solved_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, at: r.at! }));
}

/** Closes a solved ticket, only if it is still active, solved, and was solved before `cutoff`. */
export async function closeSolvedTicketRow(db: Kysely<Database>, id: number, cutoff: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('tickets')
    .set({ status: 'closed', updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'solved')
    .where('state', '=', 'active')
    .where('solved_at', '<', cutoff)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) await syncTicketFacts(db, [id]);
  return Number(r.numUpdatedRows) === 1;
}

/** Uploads never used in a comment, made before `cutoff`, lowest id first. */
export async function unusedUploadsBefore(db: Kysely<Database>, cutoff: string, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('attachments')
    .select('id')
    .where('ticket_id', 'is', null)
    .where('comment_id', 'is', null)
    .where('created_at', '<', cutoff)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Deletes those uploads that are still unused and old enough; returns the ids deleted. */
export async function deleteUnusedUploads(db: Kysely<Database>, ids: number[], cutoff: string): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db
    .deleteFrom('attachments')
    .where('id', 'in', ids)
    .where('ticket_id', 'is', null)
    .where('comment_id', 'is', null)
    .where('created_at', '<', cutoff)
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/**
 * The comments on the tickets these contacts requested that are not erased yet, and the
 * comment table's highest id (an upper bound of its size, read from the end of its b-tree):
 * the share of the full-text index an erasure removes (purge-search-indexes.ts).
 */
export async function commentShareOfRequesters(db: Kysely<Database>, caps: DialectCaps, userIds: readonly number[]): Promise<{ theirs: number; all: number }> {
  const theirs = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ticket_id', 'in', (eb) => eb.selectFrom('tickets').select('id').where(caps.idsIn('requester_id', userIds)).where('erased_at', 'is', null))
    .executeTakeFirstOrThrow();
  const all = await db.selectFrom('comments').select((eb) => eb.fn.max<number>('id').as('n')).executeTakeFirstOrThrow();
  return { theirs: Number(theirs.n), all: Number(all.n ?? 0) };
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Ctx } from '../../context.ts';
import { deleteReferencing, deleteRows, idsReferencing, liveTables, scrubRows, unerasedReferencing } from '../../db/queries/erasure.ts';
import { erasureMap, NOW, type ErasureMap } from './map/index.ts';
import { foreignKeyProblems, inboundEdges, mapProblems, schemaProblems, type Edge } from './graph.ts';

// The one erasure procedure, driven by the map: what points at the rows goes (deepest
// first), what must survive becomes a tombstone, and the rows themselves are scrubbed.
// Nothing here names a table; adding a table to the map is all it takes for erasure to
// reach it. It works on a batch of rows at once: each table is one statement per batch
// (its ids bound as one value, DialectCaps.idsIn), and a table under rows that have no
// dependents of that kind is not visited at all, so a batch of tickets costs a number of
// statements that does not grow with the batch (BENCHMARKS.md, "Erasure at the floor").

/** Rows affected, by table: deleted rows, and for tombstone tables the rows erased to tombstones. */
export type ErasureCounts = Record<string, number>;

/** What the walker needs of the context: the dialect's capabilities and the moment of the erasure. */
export type WalkerCtx = Pick<Ctx, 'caps' | 'now'>;

const inbound = inboundEdges(erasureMap);

/** The `erase` references into each table, and whether the table has any of its own. */
const erasing = (table: string) => (inbound.get(table) ?? []).filter((e) => e.onErase === 'erase');

function add(counts: ErasureCounts, table: string, n: number): void {
  if (n > 0) counts[table] = (counts[table] ?? 0) + n;
}

/** Deletes the rows that `edge` makes go with the parent rows `ids`, their own dependents first. */
async function deleteAlong(ctx: WalkerCtx, trx: Kysely<Database>, edge: Edge, ids: readonly number[], counts: ErasureCounts): Promise<void> {
  const rows = { table: edge.table, column: edge.column, ids, ...(edge.onlyWhereNull ? { onlyWhereNull: edge.onlyWhereNull } : {}) };
  const below = inbound.get(edge.table) ?? [];
  if (below.length) {
    for (const next of below) {
      // mapProblems() refuses any other fate here; a kept reference into a deleted row would dangle.
      if (next.onErase !== 'erase') throw new Error(`erasure map: ${next.table}.${next.column} cannot ${next.onErase} rows of ${edge.table}`);
    }
    // The rows' ids, so that their dependents are reached by id; none, and the subtree is skipped.
    const children = await idsReferencing(trx, ctx.caps, rows);
    if (!children.length) return;
    for (const next of below) await deleteAlong(ctx, trx, next, children, counts);
  }
  add(counts, edge.table, await deleteReferencing(trx, ctx.caps, rows));
}

/**
 * Erases rows `ids` of `table` inside the caller's transaction: rows that must survive as
 * tombstones are erased to them, rows referencing them with fate `erase` are deleted, and the
 * rows are scrubbed to their own tombstones (or deleted when their table has none). Rows of a
 * tombstone table already erased are the caller's to leave out.
 */
export async function eraseRows(
  ctx: WalkerCtx,
  trx: Kysely<Database>,
  table: string,
  ids: readonly number[],
  counts: ErasureCounts = {},
): Promise<ErasureCounts> {
  const fate = erasureMap[table];
  if (!fate) throw new Error(`erasure map: no fate for table ${table}`);
  if (!ids.length) return counts;
  for (const e of (inbound.get(table) ?? []).filter((x) => x.onErase === 'erase-ticket')) {
    await eraseSurvivorsReferencing(ctx, trx, e, ids, Infinity, counts);
  }
  for (const e of erasing(table)) await deleteAlong(ctx, trx, e, ids, counts);
  if (fate.tombstone) {
    const now = ctx.now().toISOString();
    const values: Record<string, unknown> = {};
    for (const [col, v] of Object.entries(fate.tombstone.scrub)) values[col] = v === NOW ? now : v;
    add(counts, table, await scrubRows(trx, ctx.caps, table, ids, values));
  } else {
    add(counts, table, await deleteRows(trx, ctx.caps, table, ids));
  }
  return counts;
}

/** Erases one row (eraseRows for a batch of one). */
export function eraseRow(ctx: WalkerCtx, trx: Kysely<Database>, table: string, id: number, counts: ErasureCounts = {}): Promise<ErasureCounts> {
  return eraseRows(ctx, trx, table, [id], counts);
}

/** Erases up to `limit` not-yet-erased rows that reference `ids` through `edge` (tickets of a requester). */
async function eraseSurvivorsReferencing(
  ctx: WalkerCtx,
  trx: Kysely<Database>,
  edge: Edge,
  ids: readonly number[],
  limit: number,
  counts: ErasureCounts,
): Promise<number> {
  const marker = erasureMap[edge.table]!.tombstone!.erasedMarker;
  let done = 0;
  while (done < limit) {
    const batch = Math.min(SURVIVORS_PER_STATEMENT, limit - done);
    const rows = await unerasedReferencing(trx, ctx.caps, { table: edge.table, column: edge.column, ids, marker, limit: batch, lock: ctx.caps.rowLocks });
    if (rows.length) await eraseRows(ctx, trx, edge.table, rows, counts);
    done += rows.length;
    if (rows.length < batch) break;
  }
  return done;
}

/** How many tombstone rows one statement reads when they have no limit of their own. */
const SURVIVORS_PER_STATEMENT = 500;

/**
 * The ids of up to `limit` rows that must be erased to tombstones before row `id` of
 * `table` can be (a contact's requested tickets): callers erase them in their own batches.
 * Locked for the rest of the transaction where the database can.
 */
export async function pendingSurvivors(
  ctx: WalkerCtx,
  trx: Kysely<Database>,
  table: string,
  id: number,
  limit: number,
): Promise<{ table: string; ids: number[] }[]> {
  const out: { table: string; ids: number[] }[] = [];
  for (const e of (inbound.get(table) ?? []).filter((x) => x.onErase === 'erase-ticket')) {
    const marker = erasureMap[e.table]!.tombstone!.erasedMarker;
    const ids = await unerasedReferencing(trx, ctx.caps, { table: e.table, column: e.column, ids: [id], marker, limit, lock: ctx.caps.rowLocks });
    if (ids.length) out.push({ table: e.table, ids });
  }
  return out;
}

const verified = new WeakMap<object, Promise<void>>();

/**
 * Refuses to erase when the map does not cover the live schema (or calls one of its foreign
 * keys plain data): like RT's Shredder, stop rather than leave an unknown reference (and its
 * personal data) behind. Checked once per database handle.
 */
export function assertMapCoversSchema(ctx: Pick<Ctx, 'db' | 'caps'>, map: ErasureMap = erasureMap): Promise<void> {
  const db = ctx.db;
  let p = verified.get(db);
  if (!p) {
    p = (async () => {
      const problems = [
        ...schemaProblems(map, await liveTables(db), ctx.caps.name),
        ...foreignKeyProblems(map, await ctx.caps.catalog.foreignKeys(db)),
        ...mapProblems(map),
      ];
      if (problems.length) {
        const err = new Error(`erasure refused, the erasure map is incomplete: ${problems.join('; ')}`);
        err.name = 'ErasureMapIncomplete';
        throw err;
      }
    })();
    verified.set(db, p);
    p.catch(() => verified.delete(db));
  }
  return p;
}

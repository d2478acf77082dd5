import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Ctx } from '../../context.ts';
import {
  deleteReferencing,
  deleteRow,
  liveTables,
  scrubRow,
  unerasedReferencing,
  type RowSelector,
} from '../../db/queries/erasure.ts';
import { erasureMap, NOW, type ErasureMap } from './map/index.ts';
import { foreignKeyProblems, inboundEdges, mapProblems, schemaProblems, type Edge } from './graph.ts';

// The one erasure procedure, driven by the map: what points at the row goes (deepest
// first), what must survive becomes a tombstone, and the row itself is scrubbed. Nothing
// here names a table; adding a table to the map is all it takes for erasure to reach it.

/** Rows affected, by table: deleted rows, and for tombstone tables the rows erased to tombstones. */
export type ErasureCounts = Record<string, number>;

const inbound = inboundEdges(erasureMap);

function add(counts: ErasureCounts, table: string, n: number): void {
  if (n > 0) counts[table] = (counts[table] ?? 0) + n;
}

/** Deletes the rows that `edge` makes go with the selected rows, their own dependents first. */
async function deleteAlong(trx: Kysely<Database>, edge: Edge, parent: RowSelector, counts: ErasureCounts): Promise<void> {
  const where = { column: edge.column, in: parent, ...(edge.onlyWhereNull ? { onlyWhereNull: edge.onlyWhereNull } : {}) };
  const children: RowSelector = { table: edge.table, ...where };
  for (const next of inbound.get(edge.table) ?? []) {
    if (next.onErase === 'erase') await deleteAlong(trx, next, children, counts);
    // mapProblems() refuses any other fate here; a kept reference into a deleted row would dangle.
    else throw new Error(`erasure map: ${next.table}.${next.column} cannot ${next.onErase} rows of ${edge.table}`);
  }
  add(counts, edge.table, await deleteReferencing(trx, edge.table, where));
}

/**
 * Erases row `id` of `table` inside the caller's transaction: rows that must survive as
 * tombstones are erased to them, rows referencing it with fate `erase` are deleted, and the
 * row is scrubbed to its own tombstone (or deleted when its table has none).
 */
export async function eraseRow(
  trx: Kysely<Database>,
  table: string,
  id: number,
  now: Date,
  counts: ErasureCounts = {},
): Promise<ErasureCounts> {
  const fate = erasureMap[table];
  if (!fate) throw new Error(`erasure map: no fate for table ${table}`);
  const edges = inbound.get(table) ?? [];
  for (const e of edges.filter((x) => x.onErase === 'erase-ticket')) {
    await eraseSurvivorsReferencing(trx, e, id, now, Infinity, counts);
  }
  for (const e of edges.filter((x) => x.onErase === 'erase')) {
    await deleteAlong(trx, e, { table, ids: [id] }, counts);
  }
  if (fate.tombstone) {
    const values: Record<string, unknown> = {};
    for (const [col, v] of Object.entries(fate.tombstone.scrub)) values[col] = v === NOW ? now.toISOString() : v;
    add(counts, table, await scrubRow(trx, table, id, values));
  } else {
    add(counts, table, await deleteRow(trx, table, id));
  }
  return counts;
}

/** Erases up to `limit` not-yet-erased rows that reference `id` through `edge` (tickets of a requester). */
async function eraseSurvivorsReferencing(
  trx: Kysely<Database>,
  edge: Edge,
  id: number,
  now: Date,
  limit: number,
  counts: ErasureCounts,
): Promise<number> {
  const marker = erasureMap[edge.table]!.tombstone!.erasedMarker;
  let done = 0;
  while (done < limit) {
    const ids = await unerasedReferencing(trx, edge.table, edge.column, id, marker, Math.min(100, limit - done));
    if (!ids.length) break;
    for (const rowId of ids) await eraseRow(trx, edge.table, rowId, now, counts);
    done += ids.length;
  }
  return done;
}

/**
 * The ids of up to `limit` rows that must be erased to tombstones before row `id` of
 * `table` can be (a contact's requested tickets): callers erase them in their own batches.
 */
export async function pendingSurvivors(
  trx: Kysely<Database>,
  table: string,
  id: number,
  limit: number,
): Promise<{ table: string; ids: number[] }[]> {
  const out: { table: string; ids: number[] }[] = [];
  for (const e of (inbound.get(table) ?? []).filter((x) => x.onErase === 'erase-ticket')) {
    const marker = erasureMap[e.table]!.tombstone!.erasedMarker;
    const ids = await unerasedReferencing(trx, e.table, e.column, id, marker, limit);
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

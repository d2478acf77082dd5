import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Ctx } from '../../context.ts';
import { deleteReferencing, deleteReferencingReturning, deleteRows, holdingRows, liveTables, rowsReferencing, scrubRows, unerasedReferencingOwned, type Referencing } from '../../db/queries/erasure.ts';
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

/** The `erase` references into a table. */
const erasing = (table: string) => (inbound.get(table) ?? []).filter((e) => e.onErase === 'erase');
/** The `erase-ticket` references into a table: rows erased to their own tombstones first. */
const survivorEdges = (table: string) => (inbound.get(table) ?? []).filter((e) => e.onErase === 'erase-ticket');

function add(counts: ErasureCounts, table: string, n: number): void {
  if (n > 0) counts[table] = (counts[table] ?? 0) + n;
}

/**
 * Whose counts each row of a batch adds to: a batch may hold several contacts' rows, erased
 * by the same statements, and each contact's audit event has its own counts.
 */
class Tally {
  readonly counts = new Map<number, ErasureCounts>();
  /** The owner of every row of every table visited, by table and id. */
  private readonly owners = new Map<string, Map<number, number>>();

  /** Whether the batch has one owner: then counts need no attribution. */
  get single(): boolean {
    return this.counts.size <= 1;
  }

  own(table: string, id: number, owner: number): void {
    (this.owners.get(table) ?? this.owners.set(table, new Map()).get(table)!).set(id, owner);
    if (!this.counts.has(owner)) this.counts.set(owner, {});
  }

  ownerOf(table: string, id: number): number {
    return this.owners.get(table)!.get(id)!;
  }

  add(owner: number, table: string, n: number): void {
    add(this.counts.get(owner)!, table, n);
  }

  /** n rows of `table`, all of the one owner (single). */
  addAll(table: string, n: number): void {
    for (const c of this.counts.values()) add(c, table, n);
  }
}

const selection = (edge: Edge, ids: readonly number[]): Referencing => ({ table: edge.table, column: edge.column, ids, ...(edge.onlyWhereNull ? { onlyWhereNull: edge.onlyWhereNull } : {}) });

/** The edges among `edges` that have rows referencing `ids`, asked in one statement. */
async function holding(ctx: WalkerCtx, trx: Kysely<Database>, edges: readonly Edge[], ids: readonly number[]): Promise<Edge[]> {
  const held = await holdingRows(trx, ctx.caps, edges.map((e) => selection(e, ids)));
  return edges.filter((_, i) => held[i]);
}

/** Deletes the rows that `edge` makes go with the parent rows `ids` (of `parent`), their own dependents first. */
async function deleteAlong(ctx: WalkerCtx, trx: Kysely<Database>, edge: Edge, parent: string, ids: readonly number[], tally: Tally): Promise<void> {
  const rows = selection(edge, ids);
  const below = inbound.get(edge.table) ?? [];
  if (below.length) {
    for (const next of below) {
      // mapProblems() refuses any other fate here; a kept reference into a deleted row would dangle.
      if (next.onErase !== 'erase') throw new Error(`erasure map: ${next.table}.${next.column} cannot ${next.onErase} rows of ${edge.table}`);
    }
    // The rows' ids, so that their dependents are reached by id; none, and the subtree is skipped.
    const children = await rowsReferencing(trx, ctx.caps, rows);
    if (!children.length) return;
    for (const c of children) tally.own(edge.table, c.id, tally.ownerOf(parent, c.parent));
    const childIds = children.map((c) => c.id);
    for (const next of await holding(ctx, trx, below, childIds)) await deleteAlong(ctx, trx, next, edge.table, childIds, tally);
  }
  if (tally.single) {
    tally.addAll(edge.table, await deleteReferencing(trx, ctx.caps, rows));
  } else {
    for (const p of await deleteReferencingReturning(trx, ctx.caps, rows)) tally.add(tally.ownerOf(parent, p), edge.table, 1);
  }
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
  const byOwner = await eraseRowsOwned(ctx, trx, table, new Map([[0, ids]]));
  for (const [k, v] of Object.entries(byOwner.get(0) ?? {})) add(counts, k, v);
  return counts;
}

/**
 * eraseRows for the rows of several owners at once (contacts erased together), with the
 * counts of each owner's rows. The statements are the same as for one owner's batch.
 */
export async function eraseRowsOwned(
  ctx: WalkerCtx,
  trx: Kysely<Database>,
  table: string,
  byOwner: ReadonlyMap<number, readonly number[]>,
): Promise<Map<number, ErasureCounts>> {
  const tally = new Tally();
  for (const [owner, ids] of byOwner) for (const id of ids) tally.own(table, id, owner);
  await walk(ctx, trx, table, [...byOwner.values()].flat(), tally);
  return tally.counts;
}

async function walk(ctx: WalkerCtx, trx: Kysely<Database>, table: string, ids: readonly number[], tally: Tally): Promise<void> {
  const fate = erasureMap[table];
  if (!fate) throw new Error(`erasure map: no fate for table ${table}`);
  if (!ids.length) return;
  // Only the tables that hold rows for the batch are visited: one statement asks them all.
  const present = await holding(ctx, trx, [...survivorEdges(table), ...erasing(table)], ids);
  for (const e of present.filter((x) => x.onErase === 'erase-ticket')) await eraseSurvivorsReferencing(ctx, trx, e, table, ids, tally);
  for (const e of present.filter((x) => x.onErase === 'erase')) await deleteAlong(ctx, trx, e, table, ids, tally);
  const n = fate.tombstone ? await scrubRows(trx, ctx.caps, table, ids, scrubValues(ctx, fate.tombstone.scrub)) : await deleteRows(trx, ctx.caps, table, ids);
  // The rows were read in this transaction (and locked where the database can): all of them are affected.
  if (tally.single) tally.addAll(table, n);
  else for (const id of ids) tally.add(tally.ownerOf(table, id), table, 1);
}

function scrubValues(ctx: WalkerCtx, scrub: Record<string, unknown>): Record<string, unknown> {
  const now = ctx.now().toISOString();
  const values: Record<string, unknown> = {};
  for (const [col, v] of Object.entries(scrub)) values[col] = v === NOW ? now : v;
  return values;
}

/** Erases one row (eraseRows for a batch of one). */
export function eraseRow(ctx: WalkerCtx, trx: Kysely<Database>, table: string, id: number, counts: ErasureCounts = {}): Promise<ErasureCounts> {
  return eraseRows(ctx, trx, table, [id], counts);
}

/** Erases the not-yet-erased rows that reference rows `ids` of `parent` through `edge` (tickets of a requester). */
async function eraseSurvivorsReferencing(ctx: WalkerCtx, trx: Kysely<Database>, edge: Edge, parent: string, ids: readonly number[], tally: Tally): Promise<void> {
  const marker = erasureMap[edge.table]!.tombstone!.erasedMarker;
  for (;;) {
    const rows = await unerasedReferencingOwned(trx, ctx.caps, { table: edge.table, column: edge.column, ids, marker, limit: SURVIVORS_PER_STATEMENT, lock: ctx.caps.rowLocks });
    for (const r of rows) tally.own(edge.table, r.id, tally.ownerOf(parent, r.owner));
    if (rows.length) await walk(ctx, trx, edge.table, rows.map((r) => r.id), tally);
    if (rows.length < SURVIVORS_PER_STATEMENT) break;
  }
}

/** How many tombstone rows one statement reads when they have no limit of their own. */
const SURVIVORS_PER_STATEMENT = 500;

/**
 * Up to `limit` rows of each kind that must be erased to tombstones before rows `ids` of
 * `table` can be (contacts' requested tickets), grouped by the row they reference: callers
 * erase them in their own batches. `full` when the limit was reached (there may be more).
 * Locked for the rest of the transaction where the database can.
 */
export async function pendingSurvivorsOf(
  ctx: WalkerCtx,
  trx: Kysely<Database>,
  table: string,
  ids: readonly number[],
  limit: number,
): Promise<{ table: string; byOwner: Map<number, number[]>; full: boolean }[]> {
  const out: { table: string; byOwner: Map<number, number[]>; full: boolean }[] = [];
  if (!ids.length) return out;
  for (const e of (inbound.get(table) ?? []).filter((x) => x.onErase === 'erase-ticket')) {
    const marker = erasureMap[e.table]!.tombstone!.erasedMarker;
    const rows = await unerasedReferencingOwned(trx, ctx.caps, { table: e.table, column: e.column, ids, marker, limit, lock: ctx.caps.rowLocks });
    if (!rows.length) continue;
    const byOwner = new Map<number, number[]>();
    for (const r of rows) (byOwner.get(r.owner) ?? byOwner.set(r.owner, []).get(r.owner)!).push(r.id);
    out.push({ table: e.table, byOwner, full: rows.length === limit });
  }
  return out;
}

/** pendingSurvivorsOf for one row, without the grouping. */
export async function pendingSurvivors(
  ctx: WalkerCtx,
  trx: Kysely<Database>,
  table: string,
  id: number,
  limit: number,
): Promise<{ table: string; ids: number[] }[]> {
  return (await pendingSurvivorsOf(ctx, trx, table, [id], limit)).map((b) => ({ table: b.table, ids: b.byOwner.get(id) ?? [] }));
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

import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { commentShareOfRequesters } from '../../db/queries/erasure.ts';

// A full-text strategy for erasures that remove a large share of an index (issue 15, SQLite).
//
// With FTS5's secure-delete every removed token is found and cut out of the index pages that
// hold it: 70 µs to 250 µs a 40-word comment (BENCHMARKS.md), whatever share of the index
// goes. Without it a delete only writes a marker (about 4 µs a comment), and the tokens stay
// in the old pages until the index is rewritten; 'optimize' rewrites an index as one b-tree
// in about 3 µs a comment it still holds, and the freed pages are zeroed (the connection's
// secure_delete). So an erasure that removes a large enough share is cheaper deferred: its
// batches delete with markers and record that the indexes owe a purge (in the same commit),
// and the purge runs before the erasure's last transaction. A run that dies between the two
// leaves the debt recorded; the next erasure or sweep pays it, and the check after an
// erasure scans the bytes only after it (erase-contacts.ts).
//
// Measured on the erase-floor bench (2026-12-04): a contact of 5,000 tickets × 3 comments
// among 45,000 (a third) took 4.5 s with secure-delete and 0.8 s deferred; 50 tickets × 10
// comments among 30,500 (1.6 %) cost the same either way (214 ms and 211 ms), so the line
// is drawn there.

/**
 * Above this share of the comments in the helpdesk, an erasure defers secure-delete and
 * purges. Off (Infinity) for now: in two of five CI runs on 2026-12-04, test/e2e/erase-crash
 * found an erased contact's marker in oubli.db after erasures that took this path (never in
 * about 45 runs alone); until that is understood no erasure takes it. 1/64 is where the two
 * ways cost the same on the erase-floor bench.
 */
export const PURGE_SHARE = Number.POSITIVE_INFINITY;

/** Whether erasing these contacts' requested tickets is cheaper with deferred secure-delete and a purge. */
export async function deferIndexDeletes(ctx: Ctx, userIds: readonly number[]): Promise<boolean> {
  // While the path is off, no erasure pays for the count.
  if (!ctx.caps.searchIndexUpkeep || !userIds.length || !Number.isFinite(PURGE_SHARE)) return false;
  const { theirs, all } = await commentShareOfRequesters(ctx.db, ctx.caps, userIds);
  return theirs > 0 && theirs >= all * PURGE_SHARE;
}

/** Runs `f` in the transaction with the indexes' secure-delete deferred (and their debt recorded), when `defer`. */
export async function withDeferredIndexDeletes<T>(ctx: Ctx, trx: Kysely<Database>, defer: boolean, f: () => Promise<T>): Promise<T> {
  const upkeep = ctx.caps.searchIndexUpkeep;
  if (!defer || !upkeep) return f();
  await upkeep.deferSecureDelete(trx, ctx.now().toISOString());
  const out = await f();
  await upkeep.resumeSecureDelete(trx);
  return out;
}

/** Pays every index's recorded debt: each rewritten without what was deleted from it, one commit each. The indexes purged. */
export async function purgeSearchIndexes(ctx: Pick<Ctx, 'db' | 'caps'>): Promise<string[]> {
  const upkeep = ctx.caps.searchIndexUpkeep;
  if (!upkeep) return [];
  const owed = await upkeep.owedPurges(ctx.db);
  for (const index of owed) await upkeep.purge(ctx.db, index);
  return owed;
}

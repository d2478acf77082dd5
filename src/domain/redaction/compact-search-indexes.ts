import type { Ctx } from '../../context.ts';

// Keeps SQLite's full-text indexes merged, so that erasure and redaction stay cheap.
//
// With FTS5's secure-delete (what makes erased words leave the file, docs/erasure-proof.md) every
// removed token is looked up in every b-tree segment of its index: an erasure costs the
// contact's tokens times the number of segments. Writes add segments all day (one per
// transaction, merged four at a time), so a large helpdesk ends up with a dozen or more.
// This step merges them back into one, a bounded number of pages at a time, each step its
// own short write transaction; a sweep that runs out of budget continues the same merge
// next time. Figures in BENCHMARKS.md.

export interface CompactOptions {
  /** Most pages written by this run, over all indexes (a page is 4 KB). */
  pageBudget?: number;
  /** Pages per step: the length of each write transaction. */
  stepPages?: number;
}

export interface CompactReport {
  /** Indexes that were merged (or had a merge continued), by name, with their segment counts before and after. */
  indexes: { index: string; before: number; after: number; done: boolean }[];
  steps: number;
}

export const DEFAULT_PAGE_BUDGET = 50_000;
export const DEFAULT_STEP_PAGES = 500;

/** Merges the segments of each full-text index, within a page budget. Nothing to do where the index needs no upkeep (PostgreSQL). */
export async function compactSearchIndexes(ctx: Ctx, opts: CompactOptions = {}): Promise<CompactReport> {
  const report: CompactReport = { indexes: [], steps: 0 };
  const upkeep = ctx.caps.searchIndexUpkeep;
  if (!upkeep) return report;
  const step = opts.stepPages ?? DEFAULT_STEP_PAGES;
  let budget = opts.pageBudget ?? DEFAULT_PAGE_BUDGET;
  for (const index of upkeep.indexes) {
    const before = await upkeep.segments(ctx.db, index);
    if (!before.merging && before.segments <= 1) continue;
    // Only the first step of a merge says "start": starting again would fold segments
    // written since into a merge under way, and it would never end on a busy helpdesk.
    let start = !before.merging;
    let done = false;
    while (budget > 0) {
      const worked = await upkeep.mergeStep(ctx.db, index, Math.min(step, budget), start);
      report.steps++;
      budget -= step;
      start = false;
      if (!worked) {
        done = true;
        break;
      }
    }
    const after = await upkeep.segments(ctx.db, index);
    report.indexes.push({ index, before: before.segments, after: after.segments, done: done || (!after.merging && after.segments <= 1) });
    if (budget <= 0) break;
  }
  return report;
}

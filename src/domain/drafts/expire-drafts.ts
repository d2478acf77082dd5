import type { Ctx } from '../../context.ts';
import { deleteDraftsUntouched, draftsUntouchedBefore } from '../../db/queries/workspace.ts';

/** Drafts untouched this long are deleted by the retention sweep (an unsent reply is not kept forever). */
export const DRAFT_RETENTION_DAYS = 30;

/**
 * Deletes drafts last written before `cutoff`, in batches; each delete re-checks the time,
 * so a draft saved again since it was read stays. Returns how many went (or would go).
 */
export async function expireDrafts(ctx: Ctx, { cutoff, ...opts }: { cutoff: string; dryRun: boolean; batch: number }): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await draftsUntouchedBefore(ctx.db, cutoff, opts.batch);
    if (!rows.length) return total;
    if (opts.dryRun) return total + rows.length;
    const gone = await deleteDraftsUntouched(ctx.db, rows.map((r) => r.id), cutoff);
    total += gone;
    if (rows.length < opts.batch || gone === 0) return total;
  }
}

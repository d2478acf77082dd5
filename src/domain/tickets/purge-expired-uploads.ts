import type { Ctx } from '../../context.ts';
import { deleteUploadsCreatedBefore } from '../../db/queries/attachments.ts';
import { UPLOAD_TTL_MS } from './upload-rules.ts';

/**
 * Deletes uploads whose token expired without a comment using them (files can hold
 * personal data and nobody can reach them any more). For the sweeps; bounded batches.
 * Returns how many files went.
 */
export async function purgeExpiredUploads(ctx: Ctx, opts: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  const before = new Date(ctx.now().getTime() - UPLOAD_TTL_MS).toISOString();
  let total = 0;
  for (let i = 0; i < (opts.maxBatches ?? 100); i++) {
    const n = await ctx.db.transaction().execute((trx) => deleteUploadsCreatedBefore(trx, before, opts.batchSize ?? 200));
    total += n;
    if (n === 0) break;
  }
  return total;
}

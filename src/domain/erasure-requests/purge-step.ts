import type { Ctx } from '../../context.ts';
import { deleteMatchesBatch, deleteTermsOf, updateRequest, type ErasureRequestRow } from '../../db/queries/erasure-requests.ts';
import { checkpointAfter } from '../redaction/common.ts';
import type { Advance } from './advance-erasure-request.ts';
import { requestForChange } from './state.ts';

const BATCH = 2000;

/**
 * One step of deleting what a cancelled request gathered: its matches (with their
 * snippets) in batches, then its terms. The request row stays as the record.
 */
export async function purgeStep(ctx: Ctx, r: ErasureRequestRow): Promise<Advance> {
  const left = await ctx.db.transaction().execute(async (trx) => {
    const cur = await requestForChange(ctx, trx, r.id);
    if (cur.status !== 'cancelled' || cur.job_id !== r.job_id) return 0;
    const gone = await deleteMatchesBatch(trx, r.id, BATCH);
    if (gone === BATCH) return gone;
    await deleteTermsOf(trx, r.id);
    await updateRequest(trx, r.id, { job_id: null, updated_at: ctx.now().toISOString() });
    return 0;
  });
  if (!left) await checkpointAfter(ctx, 'erasure_request.purged', { erasure_request_id: r.id });
  return left ? { done: false, progress: 0, total: 1, message: 'Deleting what the cancelled request gathered.' } : { done: true, progress: 1, total: 1, message: 'Cancelled; its terms and matches are deleted.' };
}

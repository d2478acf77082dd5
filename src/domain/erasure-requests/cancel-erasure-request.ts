import type { Ctx } from '../../context.ts';
import { getUser } from '../../db/queries/users.ts';
import { killQueuedJob } from '../../db/queries/jobs.ts';
import { updateRequest } from '../../db/queries/erasure-requests.ts';
import { invalidField } from '../../errors.ts';
import { authorize, canManageUser, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { PURGE_JOB, queueRequestJob, requestForChange, requireNotErased } from './state.ts';

export interface CancelErasureRequestInput {
  requestId: number;
}

/**
 * Cancels an erasure request before its execution starts. Its terms, matches and snippets
 * (personal data gathered for the request) are then deleted in the background; the request
 * row stays as the record that it was cancelled. Once the job has started — some data may
 * already be gone — cancelling is refused.
 */
export async function cancelErasureRequest(ctx: Ctx, { requestId: id }: CancelErasureRequestInput): Promise<void> {
  authorize(canWorkTickets(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const r = await requestForChange(ctx, trx, id);
    if (r.status === 'cancelled') {
      // Cancelled already; if deleting what it gathered stopped half-way, start it again.
      if (!r.job_id) await updateRequest(trx, r.id, { job_id: await queueRequestJob(ctx, trx, PURGE_JOB, r.id), updated_at: ctx.now().toISOString() });
      return;
    }
    requireNotErased(r);
    const user = await getUser(trx, r.user_id);
    if (user) authorize(canManageUser(ctx.actor!, user, 'delete'));
    const started = () => invalidField('status', 'The erasure has started and cannot be cancelled; data may already be gone. Let it finish.');
    if (r.status === 'completed') throw invalidField('status', 'This erasure request is completed and cannot be cancelled.');
    if (r.execution_started_at) throw started();
    const now = ctx.now().toISOString();
    let jobId = r.job_id;
    if (r.status === 'executing') {
      // Decided in the write: the runner claims a job only while it is still queued.
      if (!r.job_id || !(await killQueuedJob(trx, r.job_id, now))) throw started();
      jobId = null;
    }
    // A planning job still running turns to deleting when it sees the cancellation.
    if (!jobId) jobId = await queueRequestJob(ctx, trx, PURGE_JOB, r.id);
    await updateRequest(trx, r.id, { status: 'cancelled', cancelled_at: now, plan_phase: null, exec_phase: null, job_id: jobId, updated_at: now });
    await recordEvent(ctx, trx, { action: 'erasure_request.cancelled', subjectType: 'erasure_request', subjectId: r.id, details: { previous_status: r.status } });
  });
}

import type { Ctx } from '../../context.ts';
import { getUser } from '../../db/queries/users.ts';
import { moveTermStates, termsOf, updateRequest } from '../../db/queries/erasure-requests.ts';
import { invalidField, notFound } from '../../errors.ts';
import { authorize, canManageUser, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { FIX_JOB, queueRequestJob, requestForChange, requireStatus } from './state.ts';

export interface FixErasureRequestInput {
  requestId: number;
}

/**
 * Fixes a request whose verification found something (`verification_failed`): a background
 * job plans again with the accepted terms, confirms what it finds in places the agent did
 * not reject (the agent's rejections stand), carries out every confirmed match, erases what
 * must go and verifies again; the request is completed only when that check is clean.
 * Needs what executing needs (an admin: it ends by erasing the person). Asked again while
 * the fix runs, it answers the same job. Returns the job's id.
 */
export async function fixErasureRequest(ctx: Ctx, { requestId: id }: FixErasureRequestInput): Promise<string> {
  authorize(canWorkTickets(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    const r = await requestForChange(ctx, trx, id);
    if (r.fix_job_id && r.job_id === r.fix_job_id && ['planning', 'executing'].includes(r.status)) return r.fix_job_id;
    requireStatus(r, ['verification_failed'], 'only a request whose verification found something can be fixed.');
    const user = await getUser(trx, r.user_id);
    if (!user) throw notFound();
    // The fix ends by erasing the person (again): only who may erase them may start it.
    authorize(canManageUser(ctx.actor!, user, 'erase'));
    const accepted = (await termsOf(trx, r.id, { accepted: true })).length;
    if (!accepted) throw invalidField('status', 'This request no longer holds its search terms (they were erased with the person before the check could keep them); open a new request to search again.');
    const now = ctx.now().toISOString();
    await moveTermStates(trx, r.id, ['done', 'running', 'idle'], 'pending', now, true);
    const jobId = await queueRequestJob(ctx, trx, FIX_JOB, r.id);
    await updateRequest(trx, r.id, {
      status: 'planning',
      job_id: jobId,
      fix_job_id: jobId,
      plan_phase: 'prune',
      plan_cursor: 0,
      plan_pass: r.plan_pass + 1,
      // The execution walks every confirmed match again; later phases skip what is done.
      exec_phase: 'apply',
      exec_cursor: 0,
      executed_by_id: ctx.actor!.id !== 0 ? ctx.actor!.id : r.executed_by_id,
      updated_at: now,
    });
    await recordEvent(ctx, trx, { action: 'erasure_request.fix_queued', subjectType: 'erasure_request', subjectId: r.id, details: { user_id: r.user_id, terms: accepted, person_erased: !!user.erased_at } });
    return jobId;
  });
}

import type { Ctx } from '../../context.ts';
import { getUser } from '../../db/queries/users.ts';
import { countMatches, termsOf, updateRequest } from '../../db/queries/erasure-requests.ts';
import { countToApply, countUnerasedRequestedTickets } from '../../db/queries/erasure-request-planning.ts';
import { invalidField } from '../../errors.ts';
import { authorize, canManageUser, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { EXECUTE_JOB, queueRequestJob, readCounts, requestForChange, requireNotErased, requireStatus } from './state.ts';

/** Phases of an execution that come before anything about the person themself is touched. */
const EARLY_PHASES = [null, 'apply', 'verify'];

export interface ExecuteErasureRequestInput {
  requestId: number;
}

/**
 * Starts carrying out an erasure request (docs/erasure-requests.md step 3, then 4): a background job
 * applies every confirmed match, checks that no accepted term is found any more, and erases
 * the person last. Refused while a match is still undecided. A failed execution started
 * again resumes where it stopped. Returns the job's id.
 */
export async function executeErasureRequest(ctx: Ctx, { requestId: id }: ExecuteErasureRequestInput): Promise<string> {
  authorize(canWorkTickets(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    const r = await requestForChange(ctx, trx, id);
    if (r.status === 'executing' && r.job_id) return r.job_id;
    requireNotErased(r);
    requireStatus(r, ['ready', 'failed'], 'only a request that is ready (or failed) can be executed.');
    const user = await getUser(trx, r.user_id);
    if (!user || user.erased_at) throw invalidField('user_id', 'User: this person has already been permanently deleted.');
    // Erasing the person is the last step: only who may erase them may start it.
    authorize(canManageUser(ctx.actor!, user, 'erase'));
    const unplanned = (await termsOf(trx, r.id, { states: ['pending', 'running', 'prune'] })).length;
    if (r.plan_phase !== null || unplanned > 0) {
      throw invalidField('status', 'The search for matches has not finished; execute once the request is ready.');
    }
    const pending = await countMatches(trx, r.id, { decision: 'pending' });
    if (pending > 0) {
      throw invalidField('matches', `${pending} match${pending === 1 ? ' is' : 'es are'} still pending: confirm or reject each one first (people share names).`);
    }
    const counts = readCounts(r);
    const left = (await countToApply(trx, r.id)) + (await countUnerasedRequestedTickets(trx, r.user_id));
    counts.work_total = counts.matches_applied + counts.erased_requested_tickets + left + 2;
    const jobId = await queueRequestJob(ctx, trx, EXECUTE_JOB, r.id, counts.work_total);
    const now = ctx.now().toISOString();
    await updateRequest(trx, r.id, {
      status: 'executing',
      job_id: jobId,
      executed_by_id: ctx.actor!.id !== 0 ? ctx.actor!.id : null,
      // Before the person is touched, a new start walks the confirmed matches again (some may be new).
      ...(EARLY_PHASES.includes(r.exec_phase) ? { exec_phase: 'apply', exec_cursor: 0 } : {}),
      counts: JSON.stringify(counts),
      updated_at: now,
    });
    await recordEvent(ctx, trx, {
      action: 'erasure_request.execution_queued',
      subjectType: 'erasure_request',
      subjectId: r.id,
      details: { user_id: r.user_id, work: left, resumed: r.exec_phase !== null },
    });
    return jobId;
  });
}

import type { Ctx } from '../../context.ts';
import { countMatches, getRequest, setDecision, updateRequest } from '../../db/queries/erasure-requests.ts';
import { countToApply, countUnerasedRequestedTickets } from '../../db/queries/erasure-request-planning.ts';
import { recordEvent } from '../events.ts';
import type { Advance, RequestJobInput } from './advance-erasure-request.ts';
import { executeStep } from './execute-step.ts';
import { planStep } from './plan-step.ts';
import { readCounts, requestForChange } from './state.ts';

/**
 * One step of a fix (fix-erasure-request.ts): planning as usual; when planning is done, the
 * new matches in places the agent did not reject are confirmed and the request executes
 * under the same job; executing as usual, ending in a new verification. Every transition
 * commits with its work, so a job that dies is taken over and goes on from there: the
 * request's `fix_job_id` says that a finished plan is this fix's, to carry on.
 */
export async function fixStep(ctx: Ctx, { requestId, jobId }: RequestJobInput): Promise<Advance> {
  const r = await getRequest(ctx.db, requestId);
  const stop = { done: true, progress: 0, total: 0, message: 'Nothing left to do for this job.' };
  if (!r || r.fix_job_id !== jobId) return stop;
  if (r.status === 'planning' && r.job_id === jobId) {
    const step = await planStep(ctx, r);
    if (!step.done) return { ...step, done: false, message: `Fix: ${step.message ?? 'planning'}` };
    return { done: !(await startExecution(ctx, requestId, jobId)), progress: step.progress, total: step.total, message: 'Fix: planned; executing.' };
  }
  if (r.status === 'ready' && r.job_id === null) {
    return { done: !(await startExecution(ctx, requestId, jobId)), progress: 0, total: 1, message: 'Fix: executing.' };
  }
  if (r.status === 'executing' && r.job_id === jobId) {
    const step = await executeStep(ctx, r);
    return step.done ? { ...step, message: step.ok ? 'Fixed and verified: completed.' : step.message } : step;
  }
  return { ...stop, ok: r.status === 'completed', message: `The request is ${r.status}.` };
}

/** Planned: confirms the pending matches (new places; rejections stand) and executes. False if the request moved on. */
async function startExecution(ctx: Ctx, requestId: number, jobId: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await requestForChange(ctx, trx, requestId);
    if (r.fix_job_id !== jobId || r.status !== 'ready' || (r.job_id !== null && r.job_id !== jobId) || r.plan_phase !== null) return false;
    const now = ctx.now().toISOString();
    const confirmed = await setDecision(trx, r.id, 'all-pending', 'confirm', now);
    const counts = readCounts(r);
    const left = (await countToApply(trx, r.id)) + (await countUnerasedRequestedTickets(trx, r.user_id));
    counts.work_total = counts.matches_applied + counts.erased_requested_tickets + left + 2;
    await updateRequest(trx, r.id, { status: 'executing', job_id: jobId, exec_phase: 'apply', exec_cursor: 0, counts: JSON.stringify(counts), updated_at: now });
    await recordEvent(ctx, trx, { action: 'erasure_request.execution_queued', subjectType: 'erasure_request', subjectId: r.id, details: { user_id: r.user_id, work: left, fix: true, confirmed_new: confirmed, rejected: await countMatches(trx, r.id, { decision: 'reject' }) } });
    return true;
  });
}

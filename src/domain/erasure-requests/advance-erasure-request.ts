import type { Ctx } from '../../context.ts';
import { getRequest, updateRequest } from '../../db/queries/erasure-requests.ts';
import { recordEvent } from '../events.ts';
import { executeStep } from './execute-step.ts';
import { planStep } from './plan-step.ts';
import { purgeStep } from './purge-step.ts';
import { requestForChange } from './state.ts';

/** Where a request's background work stands after one step. */
export interface Advance {
  done: boolean;
  progress: number;
  total: number;
  /** Counts and states only. */
  message: string | null;
  /** With `done`: false when the request ended failed (verification found new data). */
  ok?: boolean;
}

/** The request a job works for, and the job: a job that is no longer the request's own stops. */
export interface RequestJobInput {
  requestId: number;
  jobId: string;
}

/**
 * Does the next bounded piece of a request's background work, whatever its state asks for:
 * planning, executing, or deleting what a cancelled request gathered. Every piece commits
 * its progress with its work, so a job that dies resumes at the next call. A job that is no
 * longer the request's own (superseded, or the request moved on) just stops.
 */
export async function advanceErasureRequest(ctx: Ctx, { requestId, jobId }: RequestJobInput): Promise<Advance> {
  const r = await getRequest(ctx.db, requestId);
  if (!r || r.job_id !== jobId) return { done: true, progress: 0, total: 0, message: 'Nothing left to do for this job.' };
  switch (r.status) {
    case 'planning':
      return planStep(ctx, r);
    case 'executing':
      return executeStep(ctx, r);
    case 'cancelled':
      return purgeStep(ctx, r);
    default:
      return { done: true, progress: 0, total: 0, message: `The request is ${r.status}.` };
  }
}

/** After a step threw: the request is marked failed (it can be planned or executed again, and resumes). */
export async function failErasureRequest(ctx: Ctx, { requestId, jobId }: RequestJobInput): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await requestForChange(ctx, trx, requestId);
    if (r.job_id !== jobId) return;
    const now = ctx.now().toISOString();
    if (r.status === 'planning' || r.status === 'executing') {
      await updateRequest(trx, r.id, { status: 'failed', job_id: null, updated_at: now });
      await recordEvent(ctx, trx, { action: 'erasure_request.failed', subjectType: 'erasure_request', subjectId: r.id, details: { during: r.status, phase: r.exec_phase ?? r.plan_phase } });
    } else {
      await updateRequest(trx, r.id, { job_id: null, updated_at: now });
    }
  });
}

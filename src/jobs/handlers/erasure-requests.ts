import type { StepJobHandler } from '../types.ts';
import { advanceErasureRequest, failErasureRequest } from '../../domain/erasure-requests/advance-erasure-request.ts';
import { EXECUTE_JOB, FIX_JOB, PLAN_JOB, PURGE_JOB } from '../../domain/erasure-requests/state.ts';
import { fixStep } from '../../domain/erasure-requests/fix-step.ts';

function requestIdOf(payload: Record<string, unknown>): number {
  return Number(payload.request_id);
}

/** One handler for the three jobs of an erasure request: each step does what the request's state asks. */
const handler: StepJobHandler = {
  async step(ctx, job) {
    const id = requestIdOf(job.payload);
    const r = await advanceErasureRequest(ctx, { requestId: id, jobId: job.id });
    return { ...r, ...(r.done ? { results: [{ id, action: 'erasure_request', status: r.message ?? 'Done', success: r.ok !== false }] } : {}) };
  },
  async failed(ctx, job) {
    await failErasureRequest(ctx, { requestId: requestIdOf(job.payload), jobId: job.id });
  },
};

/** A fix (POST …/fix): planning again, then executing and verifying, under one job. */
const fixHandler: StepJobHandler = {
  async step(ctx, job) {
    const id = requestIdOf(job.payload);
    const r = await fixStep(ctx, { requestId: id, jobId: job.id });
    return { ...r, ...(r.done ? { results: [{ id, action: 'erasure_request_fix', status: r.message ?? 'Done', success: r.ok === true }] } : {}) };
  },
  async failed(ctx, job) {
    await failErasureRequest(ctx, { requestId: requestIdOf(job.payload), jobId: job.id });
  },
};

/** Step job types of erasure requests: planning, execution, fixing, and deleting a cancelled request's data. */
export const erasureRequestJobHandlers: Record<string, StepJobHandler> = {
  [PLAN_JOB]: handler,
  [EXECUTE_JOB]: handler,
  [PURGE_JOB]: handler,
  [FIX_JOB]: fixHandler,
};

import type { Ctx } from '../../context.ts';
import { listRecentJobs as recentJobRows } from '../../db/queries/jobs.ts';

export interface ListRecentJobsInput {
  limit: number;
}

/** The most recent jobs' statuses, newest first. */
export async function listRecentJobs(ctx: Ctx, input: ListRecentJobsInput) {
  return recentJobRows(ctx.db, input.limit);
}

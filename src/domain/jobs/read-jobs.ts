import type { Ctx } from '../../context.ts';
import { getJobs } from '../../db/queries/jobs.ts';

export interface ReadJobsInput {
  jobIds: string[];
}

/** The statuses of the jobs among these ids; unknown ids are left out. */
export async function readJobs(ctx: Ctx, input: ReadJobsInput) {
  return getJobs(ctx.db, input.jobIds);
}

import type { Ctx } from '../../context.ts';
import { getJob } from '../../db/queries/jobs.ts';
import { notFound } from '../../errors.ts';

export interface ReadJobInput {
  jobId: string;
}

/** A job's status (a bulk action's progress and results); 404 for an unknown id. */
export async function readJob(ctx: Ctx, input: ReadJobInput) {
  const job = await getJob(ctx.db, input.jobId);
  if (!job) throw notFound();
  return job;
}

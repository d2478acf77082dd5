import type { FastifyInstance } from 'fastify';
import { getJob, getJobs, listRecentJobs } from '../../db/queries/jobs.ts';
import { notFound } from '../../errors.ts';
import { parseQuery } from '../query.ts';
import { JobIdsQuerySchema } from '../../shared/jobs.ts';
import { presentJob } from '../presenters/jobs.ts';

/** Job statuses: the progress and results of bulk actions. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/job_statuses', async (req) => {
    const jobs = await listRecentJobs(req.ctx.db, 100);
    return { job_statuses: jobs.map((j) => presentJob(req, j)) };
  });

  app.get('/job_statuses/show_many', async (req) => {
    const { ids } = parseQuery(JobIdsQuerySchema, req.query);
    const jobs = await getJobs(req.ctx.db, ids);
    return { job_statuses: jobs.map((j) => presentJob(req, j)) };
  });

  app.get<{ Params: { id: string } }>('/job_statuses/:id', async (req) => {
    const job = await getJob(req.ctx.db, req.params.id);
    if (!job) throw notFound();
    return { job_status: presentJob(req, job) };
  });
}

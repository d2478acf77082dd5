import type { FastifyInstance } from 'fastify';
import { listRecentJobs } from '../../domain/jobs/list-recent-jobs.ts';
import { readJob } from '../../domain/jobs/read-job.ts';
import { readJobs } from '../../domain/jobs/read-jobs.ts';
import { parseQuery } from '../query.ts';
import { JobIdsQuerySchema } from '../../shared/jobs.ts';
import { presentJob } from '../presenters/jobs.ts';

/** Job statuses: the progress and results of bulk actions. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/job_statuses', async (req) => {
    const jobs = await listRecentJobs(req.ctx, { limit: 100 });
    return { job_statuses: jobs.map((j) => presentJob(req, j)) };
  });

  app.get('/job_statuses/show_many', async (req) => {
    const { ids } = parseQuery(JobIdsQuerySchema, req.query);
    const jobs = await readJobs(req.ctx, { jobIds: ids });
    return { job_statuses: jobs.map((j) => presentJob(req, j)) };
  });

  app.get<{ Params: { id: string } }>('/job_statuses/:id', async (req) => {
    return { job_status: presentJob(req, await readJob(req.ctx, { jobId: req.params.id })) };
  });
}

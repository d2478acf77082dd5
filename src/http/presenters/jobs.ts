import type { FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import type { JobsTable } from '../../db/schema.ts';
import type { JobItemResult, JobStatus } from '../../shared/jobs.ts';
import { apiBase, parseJson } from './common.ts';

/** A job status: its progress, and the results of the items done (null while queued). */
export function presentJob(req: FastifyRequest, j: Selectable<JobsTable>): JobStatus {
  return {
    id: j.id,
    url: `${apiBase(req)}/job_statuses/${j.id}.json`,
    job_type: j.job_type,
    total: j.total,
    progress: j.progress,
    status: j.status,
    message: j.message,
    results: j.status === 'queued' ? null : parseJson<JobItemResult[]>(j.results, []),
  };
}

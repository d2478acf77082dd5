import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { readJob } from '../domain/jobs/read-job.ts';
import { AppError, type ErrorDetails } from '../errors.ts';
import { MAX_JOB_ITEMS } from '../jobs/item-runner.ts';
import { presentJob } from './presenters/jobs.ts';

// The bodies of Zendesk's bulk endpoints: `{users: [{…}, …]}` or `{tickets: […]}`, at most
// 100 entries, each checked at the edge with the single endpoint's schema. A shape error in
// any entry refuses the whole call (422 naming `users[3].email`), so nothing is queued; what
// depends on the database (an address already used, a closed ticket) is decided per item by
// the job and reported in its results.

/** The list under `key`: 400 unless it is an array of 1 to 100 objects. */
export function listBody(body: unknown, key: string, max = MAX_JOB_ITEMS): Record<string, unknown>[] {
  const list = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(list)) throw new AppError('invalid_request', `The request body must be a JSON object with a "${key}" array: send {"${key}": [{...}, ...]}.`);
  if (list.length === 0) throw new AppError('invalid_request', `${key}: give at least one.`);
  if (list.length > max) throw new AppError('invalid_request', `${key}: too many, ${list.length} given, at most ${max} per call.`);
  const bad = list.findIndex((x) => !x || typeof x !== 'object' || Array.isArray(x));
  if (bad >= 0) throw new AppError('invalid_request', `${key}[${bad}] must be a JSON object.`);
  return list as Record<string, unknown>[];
}

/** Each entry through `schema`; 422 naming every bad field as `key[i].field`. */
export function parseEach<S extends z.ZodType>(schema: S, key: string, list: unknown[]): z.output<S>[] {
  const details: ErrorDetails = {};
  const out = list.map((item, i) => {
    const r = schema.safeParse(item);
    if (r.success) return r.data;
    for (const issue of r.error.issues) {
      const field = `${key}[${i}]${issue.path.length ? `.${issue.path.join('.')}` : ''}`;
      (details[field] ??= []).push({ description: `${field}: ${issue.message}` });
    }
    return undefined;
  });
  if (Object.keys(details).length) throw new AppError('record_invalid', 'Record validation errors', details);
  return out as z.output<S>[];
}

/** Ids of a list form must be distinct: one entry per record. */
export function distinctIds(key: string, ids: number[]): number[] {
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) throw new AppError('invalid_request', `${key}: id ${id} is given twice; send one entry per id.`);
    seen.add(id);
  }
  return ids;
}

/** `?ids=` or a list in the body, not both: the two forms of update_many. */
export function updateManyForm(req: FastifyRequest, key: string): 'ids' | 'list' {
  const hasIds = (req.query as Record<string, unknown>)?.ids !== undefined;
  const body = req.body as Record<string, unknown> | undefined;
  const hasList = !!body && typeof body === 'object' && Array.isArray(body[key]);
  const one = key.replace(/s$/, '');
  if (hasIds && hasList) throw new AppError('invalid_request', `Give either ?ids= with {"${one}": {…}} (the same changes for all), or {"${key}": [{"id": …}, …]} without ?ids=, not both.`);
  return hasList ? 'list' : 'ids';
}

/** Answers a bulk endpoint with its queued job (200, as Zendesk does). */
export async function jobStatusAnswer(req: FastifyRequest, jobId: string) {
  return { job_status: presentJob(req, await readJob(req.ctx, { jobId })) };
}

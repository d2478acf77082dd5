import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { insertQueuedJob } from '../../db/queries/jobs.ts';
import { lockRequest, updateRequest, type ErasureRequestRow } from '../../db/queries/erasure-requests.ts';
import { AppError, invalidField, notFound } from '../../errors.ts';
import type { ErasureRequestStatus } from '../../shared/erasure-requests.ts';

// What the erasure-request actions share: the background job rows, the counts kept on the
// request, and the checks every change starts with.

/** The job types (src/jobs/handlers/erasure-requests.ts runs them). */
export const PLAN_JOB = 'erasure_request_plan';
export const EXECUTE_JOB = 'erasure_request_execute';
export const PURGE_JOB = 'erasure_request_purge';
export const FIX_JOB = 'erasure_request_fix';

/**
 * Counts kept on the request (a fixed-shape JSON object: numbers only). The certificate
 * shows the outcome counts; `matches_applied`, `work_total` drive the job's progress.
 */
export interface RequestCounts {
  matches_applied: number;
  work_total: number;
  redacted_comments: number;
  redacted_attachments: number;
  redacted_subjects: number;
  erased_tickets: number;
  erased_requested_tickets: number;
  /** Tickets that lost tags, custom fields cleared, organizations and other people's profiles redacted. */
  removed_tags: number;
  cleared_fields: number;
  redacted_organizations: number;
  redacted_profiles: number;
  /** Confirmed matches whose place was gone or no longer held the term at execution. */
  skipped_matches: number;
  rejected_matches: number;
  terms_accepted: number;
  terms_rejected: number;
}

const ZERO: RequestCounts = {
  matches_applied: 0,
  work_total: 0,
  redacted_comments: 0,
  redacted_attachments: 0,
  redacted_subjects: 0,
  erased_tickets: 0,
  erased_requested_tickets: 0,
  removed_tags: 0,
  cleared_fields: 0,
  redacted_organizations: 0,
  redacted_profiles: 0,
  skipped_matches: 0,
  rejected_matches: 0,
  terms_accepted: 0,
  terms_rejected: 0,
};

export function readCounts(r: { counts: string }): RequestCounts {
  try {
    return { ...ZERO, ...(JSON.parse(r.counts) as Partial<RequestCounts>) };
  } catch {
    return { ...ZERO };
  }
}

/** Adds to the request's counts inside the caller's transaction. */
export async function bumpCounts(trx: Kysely<Database>, r: ErasureRequestRow, add: Partial<RequestCounts>, now: string): Promise<RequestCounts> {
  const c = readCounts(r);
  for (const [k, v] of Object.entries(add) as [keyof RequestCounts, number][]) c[k] += v;
  await updateRequest(trx, r.id, { counts: JSON.stringify(c), updated_at: now });
  r.counts = JSON.stringify(c);
  return c;
}

/** Queues a job row for the request in the caller's transaction; the runner picks it up after commit. */
export async function queueRequestJob(ctx: Ctx, trx: Kysely<Database>, jobType: string, requestId: number, total = 0): Promise<string> {
  return insertQueuedJob(trx, {
    jobType,
    total,
    payload: { request_id: requestId },
    actorId: ctx.actor && ctx.actor.id !== 0 ? ctx.actor.id : null,
    now: ctx.now().toISOString(),
  });
}

/** The request locked for a change; 404 when there is none. */
export async function requestForChange(ctx: Ctx, trx: Transaction<Database>, id: number): Promise<ErasureRequestRow> {
  const r = await lockRequest(trx, id, ctx.caps.rowLocks);
  if (!r) throw notFound();
  return r;
}

/** 422 on `status` unless the request is in one of the allowed states. */
export function requireStatus(r: ErasureRequestRow, allowed: ErasureRequestStatus[], what: string): void {
  if (!allowed.includes(r.status as ErasureRequestStatus)) {
    throw invalidField('status', `This erasure request is ${r.status}: ${what}`);
  }
}

/** Once the person is erased, nothing about the request can change but its record. */
export function requireNotErased(r: ErasureRequestRow): void {
  if (r.erased_at) throw new AppError('record_invalid', 'Record validation errors', { user_id: [{ description: 'This person has been permanently deleted; the request can no longer change.' }] });
}

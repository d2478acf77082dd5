import type { Ctx } from '../context.ts';
import { SYSTEM_ACTOR, withActor } from '../context.ts';
import { eventsOfJob } from '../db/queries/job-receipts.ts';
import { insertQueuedJob, updateClaimedJob } from '../db/queries/jobs.ts';
import { getUser } from '../db/queries/users.ts';
import { AppError } from '../errors.ts';
import { actingUserId, actorOf } from '../domain/auth/actor.ts';
import { itemJobHandlers } from './registry.ts';
import { DEFAULT_LEASE_MS, holdLease, itemError, runnerId, yieldToEvents, type JobRow, type RunOptions } from './runner.ts';
import type { ItemJobHandler, ItemOutcome, JobItemResult } from './types.ts';

// Jobs over a list of bodies (users/create_many, tickets/create_many, …). Unlike the bulk
// jobs over ids (runner.ts), an item has no id until it runs, so its receipt is found by its
// index: the action's audit event carries `job_item` (ctx.jobItem, domain/events.ts) and
// commits with the record. A job resumed after a crash reports such an item done with the id
// its event names, and never creates it twice.

/** The most items one call may send (Zendesk's limit for these endpoints). */
export const MAX_JOB_ITEMS = 100;

const STATUS: Record<ItemOutcome['action'], string> = { create: 'Created', update: 'Updated' };

/**
 * Queues a job over these bodies for the current actor. The bodies may hold personal data
 * (names, addresses, comments): the payload keeps them only until the job ends, then holds
 * the ids it made, as a bulk job's does.
 */
export async function enqueueItemJob(ctx: Ctx, jobType: string, items: unknown[]): Promise<string> {
  if (!itemJobHandlers[jobType]) throw new Error(`unknown job type ${jobType}`);
  return insertQueuedJob(ctx.db, {
    jobType,
    total: items.length,
    payload: { items },
    actorId: actingUserId(ctx.actor),
    now: ctx.now().toISOString(),
  });
}

/** The outcome each item's receipt names, by index (the first receipt of an item wins). */
async function receiptsOf(ctx: Ctx, jobId: string, handler: ItemJobHandler): Promise<Map<number, ItemOutcome>> {
  const events = await eventsOfJob(ctx.db, jobId, handler.receipts.map((r) => r.action));
  const out = new Map<number, ItemOutcome>();
  for (const e of events) {
    const kind = handler.receipts.find((r) => r.action === e.action && r.subjectType === e.subject_type);
    const index = (JSON.parse(e.details ?? '{}') as { job_item?: unknown }).job_item;
    if (!kind || typeof index !== 'number' || e.subject_id === null || out.has(index)) continue;
    out.set(index, { id: Number(e.subject_id), action: kind.outcome });
  }
  return out;
}

/** Runs one claimed job over bodies to its end, resuming after what is already done. */
export async function runItemJob(ctx: Ctx, job: JobRow, handler: ItemJobHandler, opts: RunOptions = {}): Promise<void> {
  const me = runnerId();
  const stamp = () => ctx.now().toISOString();
  const actorRow = job.actor_id ? await getUser(ctx.db, job.actor_id) : null;
  const actor = job.actor_id ? (actorRow ? actorOf(actorRow) : null) : SYSTEM_ACTOR;
  const payload = JSON.parse(job.payload) as { items?: unknown[] };
  const items = payload.items ?? [];
  const results = JSON.parse(job.results) as JobItemResult[];
  const done = new Set(results.map((r) => r.index));
  const receipts = await receiptsOf(ctx, job.id, handler);
  const lease = holdLease(ctx, job.id, opts.leaseMs ?? DEFAULT_LEASE_MS);
  try {
    for (let index = 0; index < items.length; index++) {
      if (done.has(index)) continue;
      if (lease.lost()) return;
      if (opts.stopping?.()) {
        await updateClaimedJob(ctx.db, job.id, me, { status: 'queued', claimed_by: null, claimed_until: null, updated_at: stamp() });
        return;
      }
      results.push(await runOne(ctx, job.id, handler, actor, items[index], index, receipts.get(index)));
      done.add(index);
      const still = await updateClaimedJob(ctx.db, job.id, me, { results: JSON.stringify(results), progress: results.length, claimed_until: lease.until(), updated_at: stamp() });
      if (!still) return;
      await yieldToEvents();
    }
  } finally {
    lease.stop();
  }
  const failed = results.filter((r) => !r.success).length;
  await updateClaimedJob(ctx.db, job.id, me, {
    status: 'completed',
    // The bodies go; what was made stays (ids only).
    payload: JSON.stringify({ ids: results.flatMap((r) => (r.id === undefined ? [] : [r.id])) }),
    progress: results.length,
    message: failed ? `Completed with ${failed} of ${results.length} failed.` : `Completed at ${stamp()}`,
    claimed_by: null,
    claimed_until: null,
    updated_at: stamp(),
  });
}

async function runOne(
  ctx: Ctx,
  jobId: string,
  handler: ItemJobHandler,
  actor: ReturnType<typeof actorOf> | null,
  item: unknown,
  index: number,
  receipt: ItemOutcome | undefined,
): Promise<JobItemResult> {
  const ok = (o: ItemOutcome): JobItemResult => ({ id: o.id, index, action: o.action, status: STATUS[o.action], success: true });
  if (receipt) return ok(receipt);
  const action = handler.receipts[0]!.outcome;
  if (!actor) return { index, action, status: 'Failed', success: false, error: 'The user who started this job can no longer act.' };
  try {
    return ok(await handler.run({ ...withActor(ctx, actor), jobId, jobItem: index }, item));
  } catch (err) {
    if (!(err instanceof AppError)) ctx.log.error({ jobId, errName: (err as Error)?.name }, 'job item failed');
    return { index, action, status: 'Failed', success: false, error: itemError(err) };
  }
}

import { randomBytes } from 'node:crypto';
import type { Ctx } from '../context.ts';
import { withActor, SYSTEM_ACTOR } from '../context.ts';
import { claimJob, findRunnableJobs, getJob, insertQueuedJob, updateClaimedJob } from '../db/queries/jobs.ts';
import { subjectsDoneByJob } from '../db/queries/audit-events.ts';
import { getUser } from '../db/queries/users.ts';
import { AppError } from '../errors.ts';
import { actingUserId, actorOf } from '../domain/auth/actor.ts';
import { bulkJobHandlers, itemJobHandlers, stepJobHandlers } from './registry.ts';
import { runItemJob } from './item-runner.ts';
import type { JobItemResult, StepJobHandler } from './types.ts';

/**
 * How long a runner's claim on a job holds unless renewed. The runner renews it every
 * quarter of that while the job runs (and after each item), so a live runner never loses
 * it, and a crashed one's job is taken over one lease after its last renewal, at the next
 * poll of another server (or of the restarted one): docs/operations.md.
 */
export const DEFAULT_LEASE_MS = 10_000;
const RUNNER_ID = `runner-${process.pid}-${randomBytes(4).toString('hex')}`;

export type JobRow = NonNullable<Awaited<ReturnType<typeof getJob>>>;

/** This process's name in `jobs.claimed_by`. */
export function runnerId(): string {
  return RUNNER_ID;
}

/** Keeps this runner's claim on a job alive while it runs; `lost()` once another runner has it. */
export function holdLease(ctx: Ctx, jobId: string, leaseMs: number): { until(): string; lost(): boolean; stop(): void } {
  let lost = false;
  const until = () => new Date(ctx.now().getTime() + leaseMs).toISOString();
  const timer = setInterval(() => {
    updateClaimedJob(ctx.db, jobId, RUNNER_ID, { claimed_until: until() })
      .then((held) => {
        if (!held) lost = true;
      })
      // A failed renewal is retried at the next beat; the lease covers three more.
      .catch(() => {});
  }, Math.max(1, Math.floor(leaseMs / 4)));
  timer.unref();
  return { until, lost: () => lost, stop: () => clearInterval(timer) };
}

/** A turn of the event loop: SQLite answers synchronously, and HTTP requests and the lease's heartbeat must run between items. */
export const yieldToEvents = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Queues a bulk job over `ids` for the current actor and returns its id. `options` go to
 * each item's run (a bulk update's changes); they may hold tags, which can name a person,
 * so the runner keeps them only until the job ends (the payload is then `{ids}` again).
 */
export async function enqueueBulkJob(ctx: Ctx, jobType: string, ids: number[], options: Record<string, unknown> = {}): Promise<string> {
  if (!bulkJobHandlers[jobType]) throw new Error(`unknown job type ${jobType}`);
  return insertQueuedJob(ctx.db, {
    jobType,
    total: ids.length,
    payload: { ...options, ids },
    actorId: actingUserId(ctx.actor),
    now: ctx.now().toISOString(),
  });
}

/** Words for a failed item that say what went wrong without naming anyone. */
export function itemError(err: unknown): string {
  if (err instanceof AppError) {
    if (err.code === 'record_invalid' && err.details) {
      return Object.values(err.details).flat().map((d) => d.description).join('; ') || err.message;
    }
    return err.message;
  }
  return 'Internal error; the item was not changed.';
}

/**
 * Runs one claimed job to the end, resuming after the items already in its results. An item
 * whose result was lost in a crash (its action committed, the results write did not) is
 * found by its audit event, which names the job and committed with the change: it is
 * reported done, not run again (which would answer "Not found").
 */
async function runJob(ctx: Ctx, jobId: string, opts: RunOptions = {}): Promise<void> {
  const job = await getJob(ctx.db, jobId);
  if (!job) return;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const handler = bulkJobHandlers[job.job_type];
  const stepHandler = stepJobHandlers[job.job_type];
  if (!handler && stepHandler) return runStepJob(ctx, job, stepHandler, opts);
  const itemHandler = itemJobHandlers[job.job_type];
  if (!handler && itemHandler) return runItemJob(ctx, job, itemHandler, opts);
  if (!handler) {
    await updateClaimedJob(ctx.db, jobId, RUNNER_ID, { status: 'failed', message: `Unknown job type.`, updated_at: ctx.now().toISOString() });
    return;
  }
  // The job acts as whoever queued it, with their permissions as they are now.
  const actorRow = job.actor_id ? await getUser(ctx.db, job.actor_id) : null;
  const actor = job.actor_id ? (actorRow ? actorOf(actorRow) : null) : SYSTEM_ACTOR;
  const { ids, ...options } = JSON.parse(job.payload) as { ids: number[] } & Record<string, unknown>;
  const results = JSON.parse(job.results) as JobItemResult[];
  const done = new Set(results.map((r) => r.id));
  const receipts = await subjectsDoneByJob(ctx.db, jobId, handler.event, ids.filter((id) => !done.has(id)));
  const jctx: Ctx | null = actor ? { ...withActor(ctx, actor), jobId } : null;
  const lease = holdLease(ctx, jobId, leaseMs);
  const ok = (id: number): JobItemResult => ({ id, action: handler.action, status: handler.doneStatus, success: true });
  const failure = (id: number, err: unknown): JobItemResult => {
    if (!(err instanceof AppError)) ctx.log.error({ jobId, errName: (err as Error)?.name }, 'job item failed');
    return { id, action: handler.action, status: 'Failed', success: false, error: itemError(err) };
  };
  /** Runs a chunk of items (several at once where the handler can), each item's result in order. */
  const runChunk = async (chunk: number[]): Promise<JobItemResult[]> => {
    if (!jctx) return chunk.map((id) => ({ id, action: handler.action, status: 'Failed', success: false, error: 'The user who started this job can no longer act.' }));
    const todo = chunk.filter((id) => !receipts.has(id));
    let errors = new Map<number, unknown>();
    let together = false;
    if (handler.runMany && todo.length > 1) {
      try {
        errors = await handler.runMany(jctx, todo, options);
        together = true;
      } catch (err) {
        // Whatever stopped the chunk, each item gets its own try below (and its own error).
        ctx.log.warn({ jobId, items: todo.length, errName: (err as Error)?.name }, 'a chunk of a bulk job failed; its items run one by one');
      }
    }
    if (!together) {
      for (const id of todo) {
        try {
          await handler.run(jctx, id, options);
        } catch (err) {
          errors.set(id, err);
        }
      }
    }
    return chunk.map((id) => (errors.has(id) ? failure(id, errors.get(id)) : ok(id)));
  };
  try {
    const pending = ids.filter((id) => !done.has(id));
    const size = handler.runMany ? (handler.chunk ?? 1) : 1;
    for (let i = 0; i < pending.length; i += size) {
      if (lease.lost()) return; // another runner took the job over
      if (opts.stopping?.()) {
        // A stopping server hands the job back, so the next one resumes it at once.
        await updateClaimedJob(ctx.db, jobId, RUNNER_ID, { status: 'queued', claimed_by: null, claimed_until: null, updated_at: ctx.now().toISOString() });
        return;
      }
      const chunk = pending.slice(i, i + size);
      for (const result of await runChunk(chunk)) {
        results.push(result);
        done.add(result.id);
      }
      const still = await updateClaimedJob(ctx.db, jobId, RUNNER_ID, {
        results: JSON.stringify(results),
        progress: results.length,
        claimed_until: lease.until(),
        updated_at: ctx.now().toISOString(),
      });
      if (!still) return; // another runner took the job over after our lease ran out
      await yieldToEvents();
    }
  } finally {
    lease.stop();
  }
  const failed = results.filter((r) => !r.success).length;
  await updateClaimedJob(ctx.db, jobId, RUNNER_ID, {
    status: 'completed',
    payload: JSON.stringify({ ids }),
    progress: results.length,
    message: failed ? `Completed with ${failed} of ${results.length} failed.` : `Completed at ${ctx.now().toISOString()}`,
    claimed_by: null,
    claimed_until: null,
    updated_at: ctx.now().toISOString(),
  });
}

export interface RunOptions {
  /** Asked between items and steps: when true, the job is handed back to the queue. */
  stopping?: () => boolean;
  /** How long a claim holds unless renewed (DEFAULT_LEASE_MS). */
  leaseMs?: number;
}

/** Runs every job that is waiting (or was abandoned by a crashed runner). Returns how many ran. */
export async function runQueuedJobs(ctx: Ctx, opts: RunOptions = {}): Promise<number> {
  let ran = 0;
  for (;;) {
    if (opts.stopping?.()) return ran;
    const now = ctx.now().toISOString();
    const [next] = await findRunnableJobs(ctx.db, now, 1);
    if (!next) return ran;
    const until = new Date(ctx.now().getTime() + (opts.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
    if (await claimJob(ctx.db, next.id, RUNNER_ID, now, until)) {
      await runJob(ctx, next.id, opts);
      ran++;
    }
  }
}

/** Polls for jobs until stopped. One loop per server; several servers share the queue. */
export function startJobLoop(ctx: Ctx, pollMs: number, leaseMs = DEFAULT_LEASE_MS): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    current = runQueuedJobs(ctx, { stopping: () => stopped, leaseMs })
      .catch((err) => ctx.log.error({ errName: (err as Error)?.name }, 'job loop failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, pollMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

/**
 * Runs a step job (types.ts StepJobHandler) until it reports done: after each step the
 * progress is stored and the lease renewed; meanwhile a heartbeat keeps the lease. A
 * failed step fails the job (the handler is told first); a stopping server hands the job
 * back to the queue, so the next start resumes it at once.
 */
async function runStepJob(ctx: Ctx, job: JobRow, handler: StepJobHandler, opts: RunOptions): Promise<void> {
  const lease = holdLease(ctx, job.id, opts.leaseMs ?? DEFAULT_LEASE_MS);
  try {
    await runSteps(ctx, job, handler, opts, lease);
  } finally {
    lease.stop();
  }
}

async function runSteps(
  ctx: Ctx,
  job: JobRow,
  handler: StepJobHandler,
  opts: RunOptions,
  lease: ReturnType<typeof holdLease>,
): Promise<void> {
  const stamp = () => ctx.now().toISOString();
  const actorRow = job.actor_id ? await getUser(ctx.db, job.actor_id) : null;
  const actor = job.actor_id ? (actorRow ? actorOf(actorRow) : null) : SYSTEM_ACTOR;
  const state = { id: job.id, payload: JSON.parse(job.payload) as Record<string, unknown> };
  const fail = async (message: string) => {
    await updateClaimedJob(ctx.db, job.id, RUNNER_ID, { status: 'failed', message, claimed_by: null, claimed_until: null, updated_at: stamp() });
  };
  if (!actor) return fail('The user who started this job can no longer act.');
  const actx: Ctx = { ...withActor(ctx, actor), jobId: job.id };
  for (;;) {
    if (lease.lost()) return; // another runner took the job over
    if (opts.stopping?.()) {
      await updateClaimedJob(ctx.db, job.id, RUNNER_ID, { status: 'queued', claimed_by: null, claimed_until: null, updated_at: stamp() });
      return;
    }
    let outcome;
    try {
      outcome = await handler.step(actx, state);
    } catch (err) {
      if (!(err instanceof AppError)) ctx.log.error({ jobId: job.id, errName: (err as Error)?.name }, 'job step failed');
      await handler.failed?.(actx, state, err).catch((e) => ctx.log.error({ jobId: job.id, errName: (e as Error)?.name }, 'job failure handler failed'));
      return fail(itemError(err));
    }
    const patch = { progress: outcome.progress, total: outcome.total, message: outcome.message ?? null, updated_at: stamp() };
    if (outcome.done) {
      await updateClaimedJob(ctx.db, job.id, RUNNER_ID, {
        ...patch,
        status: 'completed',
        results: JSON.stringify(outcome.results ?? []),
        claimed_by: null,
        claimed_until: null,
      });
      return;
    }
    if (!(await updateClaimedJob(ctx.db, job.id, RUNNER_ID, { ...patch, claimed_until: lease.until() }))) return;
    // SQLite answers synchronously: without a turn of the event loop between steps, a long
    // job would hold back every HTTP request until it finished.
    await yieldToEvents();
  }
}

import type { Ctx } from '../context.ts';
import type { JobItemResult } from '../shared/jobs.ts';

/** One item's outcome in a job's results (ids and outcomes only: results are shown to callers). */
export type { JobItemResult };

/**
 * A bulk job type: runs one domain action per id, each in its own transaction, so a crash
 * loses at most the item in flight and a rerun skips what is done.
 */
export interface BulkJobHandler {
  /** The verb shown in each result, e.g. "delete". */
  action: string;
  /** The status word for a success, e.g. "Deleted". */
  doneStatus: string;
  /**
   * The audit event the action writes, with the item's id as subject, in the transaction
   * that finishes it: the receipt a resumed job reads to report the item done (runner.ts).
   * handlers.test.ts holds every handler to it.
   */
  event: { action: string; subjectType: 'user' | 'ticket' };
  /** `options` are what the job was queued with besides its ids (a bulk update's changes). */
  run(ctx: Ctx, id: number, options: Record<string, unknown>): Promise<void>;
  /**
   * Runs several items at once (set-based: shared transactions), returning the error of each
   * item that failed. A chunk that throws is run again item by item with `run`.
   */
  runMany?(ctx: Ctx, ids: number[], options: Record<string, unknown>): Promise<Map<number, unknown>>;
  /** How many items `runMany` takes at a time. */
  chunk?: number;
}

/** A step job as its handler sees it: its id and the payload it was queued with. */
export interface StepJob {
  id: string;
  payload: Record<string, unknown>;
}

/** What one step reports: whether the job is done, and where it stands. */
export interface StepOutcome {
  done: boolean;
  progress: number;
  total: number;
  /** Shown in the job status: counts and states only, never a person's data. */
  message?: string | null;
  /** Set with `done`: the job's final results (ids and outcomes only). */
  results?: JobItemResult[];
}

/**
 * A resumable multi-step job (an erasure request): `step` does one bounded batch of work,
 * each in its own transaction(s), keeping its place in the database, and is called again
 * until it reports done. The lease is renewed while a step runs, so a crash leaves the job
 * for another runner to resume from the last committed step; a graceful stop hands it back.
 */
export interface StepJobHandler {
  step(ctx: Ctx, job: StepJob): Promise<StepOutcome>;
  /** Told once when a step throws, before the job is marked failed. */
  failed?(ctx: Ctx, job: StepJob, err: unknown): Promise<void>;
}

/** What one item of an ItemJobHandler did: the record it made or changed, and how. */
export interface ItemOutcome {
  id: number;
  action: 'create' | 'update';
}

/**
 * A job over a list of bodies (create_many, create_or_update_many): each item runs one
 * domain action in its own transaction with `ctx.jobItem` set to its index, so its audit
 * event is the receipt a resumed job reads (item-runner.ts) — no id exists before it runs.
 */
export interface ItemJobHandler {
  /** The audit events that finish an item, and what each says it did. */
  receipts: { action: string; subjectType: 'user' | 'ticket'; outcome: ItemOutcome['action'] }[];
  run(ctx: Ctx, item: unknown): Promise<ItemOutcome>;
}

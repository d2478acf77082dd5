import type { Ctx } from '../context.ts';

/** One item's outcome in a job's results (ids and outcomes only: results are shown to callers). */
export interface JobItemResult {
  id: number;
  action: string;
  status: string;
  success: boolean;
  error?: string;
}

/**
 * A bulk job type: runs one domain action per id, each in its own transaction, so a crash
 * loses at most the item in flight and a rerun skips what is done.
 */
export interface BulkJobHandler {
  /** The verb shown in each result, e.g. "delete". */
  action: string;
  /** The status word for a success, e.g. "Deleted". */
  doneStatus: string;
  run(ctx: Ctx, id: number): Promise<void>;
}

import type { Ctx } from '../../context.ts';
import { callsChangedSince, listPhoneLines, type CallRow } from '../../db/queries/calls.ts';
import { liveRecordingsOfCalls } from '../../db/queries/calls-recordings.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import type { RecordingMeta } from './read-call.ts';

/** Zendesk's Talk incremental export pages by time; at most this many calls a page. */
export const INCREMENTAL_CALLS_LIMIT = 1000;

/**
 * Calls changed at or after `since` (tombstones included, so a copy kept by a client learns
 * of an erasure), with their reachable recordings and the line numbers. `more` says whether
 * a next page may exist.
 */
export async function listIncrementalCalls(ctx: Ctx, input: { since: Date; limit?: number }) {
  authorize(canWorkTickets(ctx.actor!));
  const limit = Math.min(input.limit ?? INCREMENTAL_CALLS_LIMIT, INCREMENTAL_CALLS_LIMIT);
  const calls: CallRow[] = await callsChangedSince(ctx.db, input.since.toISOString(), limit);
  const recordings: RecordingMeta[] = await liveRecordingsOfCalls(ctx.db, calls.filter((c) => !c.erased_at).map((c) => c.id));
  const lines = new Map((await listPhoneLines(ctx.db)).map((l) => [l.id, l.number]));
  return { calls, recordings, lines, more: calls.length === limit };
}

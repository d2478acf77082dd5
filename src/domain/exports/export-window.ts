import { AppError } from '../../errors.ts';
import type { ExportPosition } from '../../db/queries/incremental.ts';

// The rules every incremental export shares (docs/exports.md, "How a page is cut").

/** At most this many items a page, and as many when the client asks for none (Zendesk's 1000). */
export const EXPORT_PAGE_MAX = 1000;

/**
 * Rows changed in the last minute are not exported yet, and a start time inside it is refused,
 * as Zendesk does: a transaction that took its time (`ctx.now()` is read before the commit) may
 * still commit a row stamped a little earlier, and a follower that had already moved past that
 * time would never see it. A minute is far longer than any transaction Oubli lets run.
 */
export const EXPORT_SETTLE_SECONDS = 60;

/** The most rows one whole second may put on a time-based page (past `per_page`: a second is never split). */
export const SECOND_ROWS_MAX = 100_000;

const iso = (sec: number) => new Date(sec * 1000).toISOString();
const secondOf = (at: string) => Math.floor(Date.parse(at) / 1000);

/** The horizon: the whole second before which every row has settled (exclusive). */
export function horizonOf(now: Date): number {
  return Math.floor(now.getTime() / 1000) - EXPORT_SETTLE_SECONDS;
}

/** Refuses a start time past the horizon (in the future, or within the last minute) in Zendesk's words. */
export function checkStartTime(startTime: number, now: Date): void {
  if (startTime > horizonOf(now)) {
    throw new AppError('invalid_value', `Too recent start_time. Use a start_time older than ${EXPORT_SETTLE_SECONDS / 60} minute.`);
  }
}

/** A time-based page: its rows, the `end_time` to start the next one from, and whether the stream is drained. */
export interface TimePage<R> {
  rows: R[];
  endTime: number;
  endOfStream: boolean;
}

/**
 * Cuts one time-based page from `startTime` (inclusive) so that it ends on a whole second:
 * rows of one second are never split between pages, so `end_time` can be the next page's
 * `start_time` with nothing missed and nothing repeated. When more than `limit` rows share
 * the page's first second, that second comes whole (the page is longer than `limit`).
 * `fetch` returns rows at or after a second, below another, ascending by (time, id).
 */
export async function cutTimePage<R>(
  fetch: (w: { atLeast: string; below: string; limit: number }) => Promise<R[]>,
  at: (r: R) => string,
  input: { startTime: number; limit: number; now: Date },
): Promise<TimePage<R>> {
  checkStartTime(input.startTime, input.now);
  const horizon = horizonOf(input.now);
  const got = await fetch({ atLeast: iso(input.startTime), below: iso(horizon), limit: input.limit + 1 });
  if (got.length <= input.limit) return { rows: got, endTime: horizon, endOfStream: true };
  const cut = secondOf(at(got[input.limit]!));
  const rows = got.slice(0, input.limit).filter((r) => secondOf(at(r)) < cut);
  if (rows.length > 0) return { rows, endTime: cut, endOfStream: false };
  // The whole page is one second: hand out all of it, and start the next page after it.
  const whole = await fetch({ atLeast: iso(cut), below: iso(Math.min(cut + 1, horizon)), limit: SECOND_ROWS_MAX });
  return { rows: whole, endTime: cut + 1, endOfStream: false };
}

/** The (time, id) position of a row. */
export function positionOf(r: { id: number }, at: string): ExportPosition {
  return { at, id: r.id };
}

import type { ExportPosition, ExportWindow } from '../../db/queries/incremental.ts';
import { checkStartTime, horizonOf } from './export-window.ts';
import type { ExportCursor } from './export-cursor.ts';

/** Where a cursor-based page starts: a start time (first page) or a cursor a page gave out. */
export type CursorStart = { startTime: number } | { cursor: ExportCursor };

/** A cursor-based page: rows, the positions for `after_cursor` / `before_cursor`, and whether the stream is drained. */
export interface CursorPage<R> {
  rows: R[];
  after: ExportPosition;
  before: ExportPosition | null;
  endOfStream: boolean;
}

const iso = (sec: number) => new Date(sec * 1000).toISOString();

/**
 * Reads one cursor-based page: `limit` rows after the position (or before it), never past the
 * horizon. `after` is always given — at the end of the stream it is where the next run resumes.
 */
export async function readCursorPage<R extends { id: number }>(
  fetch: (w: ExportWindow) => Promise<R[]>,
  at: (r: R) => string,
  input: { start: CursorStart; limit: number; now: Date },
): Promise<CursorPage<R>> {
  const below = iso(horizonOf(input.now));
  let rows: R[];
  let endOfStream: boolean;
  let from: ExportPosition;
  if ('startTime' in input.start) {
    checkStartTime(input.start.startTime, input.now);
    // Id 0 comes before every row, so the first page holds the rows at start_time itself.
    from = { at: iso(input.start.startTime), id: 0 };
    const got = await fetch({ after: from, below, limit: input.limit + 1 });
    endOfStream = got.length <= input.limit;
    rows = got.slice(0, input.limit);
  } else if (input.start.cursor.way === 'after') {
    from = input.start.cursor.position;
    const got = await fetch({ after: from, below, limit: input.limit + 1 });
    endOfStream = got.length <= input.limit;
    rows = got.slice(0, input.limit);
  } else {
    from = input.start.cursor.position;
    rows = await fetch({ before: from, below, limit: input.limit });
    endOfStream = false;
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows,
    after: last ? { at: at(last), id: last.id } : from,
    before: first ? { at: at(first), id: first.id } : null,
    endOfStream,
  };
}

import type { Ctx } from '../../context.ts';
import type { ExportWindow } from '../../db/queries/incremental.ts';
import { cutTimePage, type TimePage } from './export-window.ts';
import { readCursorPage, type CursorPage, type CursorStart } from './cursor-page.ts';

/** What a client asked for: a time-based page from `start_time`, or a cursor-based one. */
export type ExportRequest = { mode: 'time'; startTime: number; limit: number } | { mode: 'cursor'; start: CursorStart; limit: number };

/** One page, in the style it was asked for. */
export type ExportResult<R> = { mode: 'time'; page: TimePage<R> } | { mode: 'cursor'; page: CursorPage<R> };

/** Reads one page of a (time, id)-ordered source in the requested style (docs/exports.md). */
export async function readExportPage<R extends { id: number }>(
  ctx: Ctx,
  source: { fetch: (w: ExportWindow) => Promise<R[]>; at: (r: R) => string },
  request: ExportRequest,
): Promise<ExportResult<R>> {
  const now = ctx.now();
  if (request.mode === 'time') {
    return { mode: 'time', page: await cutTimePage(source.fetch, source.at, { startTime: request.startTime, limit: request.limit, now }) };
  }
  return { mode: 'cursor', page: await readCursorPage(source.fetch, source.at, { start: request.start, limit: request.limit, now }) };
}

/** The rows of a page, whatever its style. */
export function rowsOf<R>(r: ExportResult<R>): R[] {
  return r.page.rows;
}

import { AppError } from '../../errors.ts';
import type { ExportPosition } from '../../db/queries/incremental.ts';

// The cursor of a cursor-based export (`after_cursor`, `before_cursor`): opaque to clients, it
// holds the (time, id) of a row exactly as stored and which way to read from it, so a page
// starts right after (or before) that row whatever else changed in the same second.

export type CursorWay = 'after' | 'before';

/** A decoded cursor: read the rows after (or before) this position. */
export interface ExportCursor {
  way: CursorWay;
  position: ExportPosition;
}

const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** The text of a cursor: `a` or `b`, the stored time and the id, base64url-encoded. */
export function encodeExportCursor(c: ExportCursor): string {
  return Buffer.from(`${c.way === 'after' ? 'a' : 'b'}|${c.position.at}|${c.position.id}`, 'utf8').toString('base64url');
}

/** Reads a cursor this server gave out; anything else is a 400 that says so. */
export function decodeExportCursor(text: string): ExportCursor {
  const bad = () => new AppError('invalid_request', 'cursor is not a cursor this server gave out: use the after_cursor (or before_cursor) of a page.');
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(text)) throw bad();
  const [way, at, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || (way !== 'a' && way !== 'b') || !at || !STORED_TIME.test(at) || Number.isNaN(Date.parse(at))) throw bad();
  if (!id || !/^(0|[1-9]\d{0,14})$/.test(id) || !Number.isSafeInteger(Number(id))) throw bad();
  return { way: way === 'a' ? 'after' : 'before', position: { at, id: Number(id) } };
}

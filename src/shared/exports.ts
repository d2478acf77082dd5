import { z } from 'zod';
import { OnceText, oneOfParam, optionalParam, requiredText, wholeParam } from './query.ts';

// Incremental exports (docs/exports.md): their query strings and the shapes of their answers.

const START_HINT = 'Give start_time as Unix seconds: ?start_time=1700000000.';

/** Unix seconds: digits only (Zendesk refuses anything else). */
const startTime = (t: z.ZodString) => t.regex(/^\d{1,11}$/, START_HINT).transform(Number);

/** `per_page` (Zendesk's name) or `page[size]` (what cursor clients send): 1 to 1000, capped at 1000. */
const pageSize = {
  per_page: wholeParam(1, 1000),
  'page[size]': wholeParam(1, 1000),
};

const excludeDeleted = oneOfParam(['true', 'false'], 'must be true or false').transform((v) => v === 'true');

/** A comma-separated list of sideload words (`include=comment_events`). */
const include = optionalParam(
  z
    .string()
    .max(200, 'is too long')
    .regex(/^[a-z_]+(,[a-z_]+)*$/, 'must be a comma-separated list of words, such as comment_events')
    .transform((v) => v.split(',')),
);

/** GET /incremental/{tickets,users,organizations,ticket_events,erasures}: the time-based exports. */
export const TimeExportQuerySchema = z.object({
  start_time: startTime(requiredText(START_HINT)),
  ...pageSize,
  exclude_deleted: excludeDeleted,
  include,
});
export type TimeExportQuery = z.output<typeof TimeExportQuerySchema>;

/**
 * node-zendesk's `exportCursor(start, cursor)` writes a missing argument out as the word
 * "undefined"; read that as absent, so its first call (no cursor) and the next ones (no
 * start time) both work. Any other text is checked as usual.
 */
const absentWord = (v: string | undefined) => (v === 'undefined' || v === '' ? undefined : v);

/** GET /incremental/{tickets,users}/cursor: a start time for the first page, then the cursor a page gave out. */
export const CursorExportQuerySchema = z
  .object({
    start_time: OnceText.optional().transform(absentWord).pipe(startTime(z.string()).optional()),
    cursor: OnceText.optional().transform(absentWord).pipe(z.string().max(200, 'is not a cursor this server gave out').optional()),
    ...pageSize,
    exclude_deleted: excludeDeleted,
    include,
  })
  .refine((q) => q.start_time !== undefined || q.cursor !== undefined, {
    message: 'Give start_time (Unix seconds) for the first page, then the cursor a page gave out: ?start_time=1700000000 or ?cursor=….',
  });
export type CursorExportQuery = z.output<typeof CursorExportQuerySchema>;

/** Common to every time-based answer (Zendesk's words). */
export interface TimeExportPage {
  count: number;
  /** Unix seconds: the `start_time` of the next page (nothing missed, nothing repeated). */
  end_time: number;
  next_page: string;
  end_of_stream: boolean;
}

/** Common to every cursor-based answer. */
export interface CursorExportPage {
  after_cursor: string;
  after_url: string;
  before_cursor: string | null;
  before_url: string | null;
  end_of_stream: boolean;
}

/** One entry of GET /incremental/erasures: kinds and ids only. */
export interface ErasureFeedItem {
  id: number;
  kind: string;
  subject_type: string;
  subject_id: number | null;
  /** Ids of the things around it (ticket_id, comment_id, …), when the log has them. */
  ids: Record<string, number | number[]>;
  created_at: string;
}

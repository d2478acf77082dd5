import { z } from 'zod';

// The pieces every answer of the API is made of: timestamps, the `via` of tickets and
// comments, and the two paging envelopes (docs/api.md "Paging"). The resources' own
// objects are in their files (users.ts, tickets.ts, …); the server's presenters return
// these types and the web app reads them.

/** ISO-8601 UTC at seconds precision (`2026-11-22T10:00:00Z`). */
export const TimestampSchema = z.string();

/** How a ticket or comment came in (`email`, `web`, `api`), in Zendesk's shape. */
export const ViaSchema = z.object({
  channel: z.string(),
  source: z.object({ from: z.object({}), to: z.object({}), rel: z.null() }),
});

/** An offset page (`page`, `per_page`): links to the pages beside it, and the count of the whole list. */
export const OffsetPageSchema = z.object({
  next_page: z.string().nullable(),
  previous_page: z.string().nullable(),
  count: z.number(),
});
export type OffsetPage = z.infer<typeof OffsetPageSchema>;

/** A cursor page (`page[size]`, `page[after]`, `page[before]`). */
export const CursorPageSchema = z.object({
  meta: z.object({ has_more: z.boolean(), after_cursor: z.string().nullable(), before_cursor: z.string().nullable() }),
  links: z.object({ next: z.string().nullable(), prev: z.string().nullable() }),
});
export type CursorPage = z.infer<typeof CursorPageSchema>;

/** `{ [key]: T[] }` with an offset page's links and count: what a list answers by default. */
export function offsetList<K extends string, T extends z.ZodType>(key: K, item: T) {
  return OffsetPageSchema.extend({ [key]: z.array(item) } as { [P in K]: z.ZodArray<T> });
}

/** `{ [key]: T[] }` with a cursor page's meta and links. */
export function cursorList<K extends string, T extends z.ZodType>(key: K, item: T) {
  return CursorPageSchema.extend({ [key]: z.array(item) } as { [P in K]: z.ZodArray<T> });
}

/** A list in either paging style, as `paginate` answers it (offset unless `page[size]` was sent). */
export type Paged<K extends string, T> = { [P in K]: T[] } & (OffsetPage | CursorPage);

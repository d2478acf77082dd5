import { z } from 'zod';
import { ID_RULE, isIdText, MAX_ID } from './ids.ts';

// Query strings, validated at the edge like bodies (src/http/query.ts turns a failure into a
// 400 naming the parameter). Each parameter arrives as text; given twice it arrives as a list
// and is refused ("must be given once"), except where a list is the point (`ids`, `role[]`).
// An empty value counts as absent. Messages are either a predicate said of the parameter
// ("must be an id …", shown as "ticket_id must be an id …") or a whole sentence, capitalised
// or starting with the parameter's name, shown as it is.

const ONCE = 'must be given once';

/** One text value: a repeated parameter (a list) is refused. */
export const OnceText = z.string({ error: ONCE });

/** A required parameter: `missing` when absent, "must be given once" when repeated. */
export function requiredText(missing: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? missing : ONCE) });
}

/** An optional parameter: absent or empty is undefined, otherwise `inner` checks the text. */
export function optionalParam<T extends z.ZodType<unknown, string>>(inner: T) {
  return OnceText.optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(inner.optional());
}

/** A whole number of at least `min`, capped at `max` (as Zendesk caps `per_page` rather than refusing it). */
export function wholeParam(min: number, max: number) {
  const rule = `must be a whole number of at least ${min}`;
  return optionalParam(
    z
      .string()
      .regex(/^\d+$/, rule)
      .transform(Number)
      .refine((n) => n >= min, rule)
      .transform((n) => Math.min(n, max)),
  );
}

/** An id: digits only, no sign, no leading zero, in range. */
export const IdText = z.string().refine(isIdText, `must be an id (${ID_RULE})`).transform(Number);

/** An optional id parameter (`?ticket_id=`, `?filter[actor_id]=`). */
export const optionalIdParam = () => optionalParam(IdText);

/** One of a few words. */
export function oneOfParam<const T extends readonly [string, ...string[]]>(values: T, rule = `must be one of ${values.join(', ')}`) {
  return optionalParam(z.enum(values, { error: rule }));
}

/** A cursor as the server handed it out (`meta.after_cursor`): opaque text, decoded by the server. */
export const cursorParam = () => optionalParam(z.string().max(64, 'is not a cursor this server gave out'));

/** Offset pages (`page`, `per_page`) and cursor pages (`page[size]`, `page[after]`, `page[before]`). */
export const PageQuerySchema = z.object({
  page: wholeParam(1, 1_000_000),
  per_page: wholeParam(1, 100),
  'page[size]': wholeParam(1, 100),
  'page[after]': cursorParam(),
  'page[before]': cursorParam(),
});
export type PageQuery = z.output<typeof PageQuerySchema>;

/**
 * `?ids=1,2,3` (commas may arrive as %2C; `ids=1&ids=2` is read as one list): 1 to `max` ids,
 * duplicates dropped. Its messages name `ids` themselves.
 */
export function idListParam(max = 100) {
  return z
    .unknown()
    .optional()
    .transform((raw, ctx): number[] => {
      const s = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw.join(',') : '';
      const parts = s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      if (parts.length === 0) return fail('ids: give the ids to act on: ?ids=1,2,3');
      const bad = parts.find((p) => !isIdText(p));
      if (bad !== undefined) return fail(`ids: "${bad.slice(0, 20)}" is not an id; ids are whole numbers from 1 to ${MAX_ID}.`);
      const ids = [...new Set(parts.map(Number))];
      if (ids.length > max) return fail(`ids: too many ids, ${ids.length} given, at most ${max} allowed.`);
      return ids;
    });
}

/** The query of the bulk endpoints and of `show_many`: `?ids=`. */
export const IdsQuerySchema = z.object({ ids: idListParam() });

/** A search (`/search`, `/search/count`): the query syntax of docs/search.md, which also bounds its length. */
export const SEARCH_QUERY_HINT = 'Give a search query: ?query=… (for example ?query=status:open printer).';
export const SearchTextSchema = z.string({ error: SEARCH_QUERY_HINT }).refine((s) => s.trim() !== '', SEARCH_QUERY_HINT);

/** GET /search: one offset page of results of every type. */
export const SearchQuerySchema = PageQuerySchema.extend({
  query: SearchTextSchema,
  sort_by: oneOfParam(['updated_at', 'created_at'], 'must be updated_at or created_at'),
  sort_order: oneOfParam(['asc', 'desc'], 'must be asc or desc'),
});
export type SearchQuery = z.output<typeof SearchQuerySchema>;

/** GET /search/count. */
export const SearchCountQuerySchema = z.object({ query: SearchTextSchema });

/** GET /audit_logs: newest first, by cursor (`per_page` is read as `page[size]`), filtered by action and subject. */
export const AuditLogQuerySchema = z.object({
  'page[size]': wholeParam(1, 100),
  per_page: wholeParam(1, 100),
  'page[after]': cursorParam(),
  'filter[action]': OnceText.max(100).optional(),
  'filter[actor_id]': optionalIdParam(),
  'filter[source_type]': OnceText.max(100).optional(),
  'filter[source_id]': optionalIdParam(),
});
export type AuditLogQuery = z.output<typeof AuditLogQuerySchema>;

/** What a client may put in a query string of this schema: its keys, each a text (or a number, written out). */
export type QueryInput<S extends z.ZodType> = { [K in keyof z.input<S>]?: z.input<S>[K] | number | null };

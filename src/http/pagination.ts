import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { isIdText } from '../shared/ids.ts';
import type { Paged } from '../shared/envelopes.ts';
import { PageQuerySchema } from '../shared/query.ts';
import { parseQuery } from './query.ts';

// Both of Zendesk's pagination styles over lists ordered by id. Offset is the default;
// cursor when `page[size]` is sent. Lists are keyset-paginated underneath either way.

export type PageRequest =
  | { mode: 'offset'; page: number; perPage: number }
  | { mode: 'cursor'; size: number; after?: number; before?: number };

/** What a list needs to fetch one page: ascending by id, after or before a given id. */
export interface ListSource<T> {
  /**
   * Rows in ascending id order: the first `limit` after `afterId` (or skipping `offset`),
   * or with `beforeId` the last `limit` before it, still ascending.
   */
  fetch(opts: { limit: number; offset?: number; afterId?: number; beforeId?: number }): Promise<T[]>;
  count(): Promise<number>;
}

/** A cursor is an id in base64url; anything else (`1e30`, an id past the id columns) was not given out here: 400. */
export function decodeCursor(c: string | undefined, name: string): number | undefined {
  if (c === undefined || c === '') return undefined;
  const text = Buffer.from(c, 'base64url').toString('utf8');
  if (!isIdText(text)) throw new AppError('invalid_request', `${name} is not a cursor this server gave out.`);
  return Number(text);
}

const encodeCursor = (id: number) => Buffer.from(String(id), 'utf8').toString('base64url');

/** Reads the paging parameters of a list request (PageQuerySchema): 400 naming a bad one. */
export function pageRequest(query: unknown): PageRequest {
  const q = parseQuery(PageQuerySchema, query);
  if (q['page[size]'] !== undefined) {
    return {
      mode: 'cursor',
      size: q['page[size]'],
      after: decodeCursor(q['page[after]'], 'page[after]'),
      before: decodeCursor(q['page[before]'], 'page[before]'),
    };
  }
  return { mode: 'offset', page: q.page ?? 1, perPage: q.per_page ?? 100 };
}

/** The absolute URL of this request with some query parameters changed, keeping `.json`. */
export function selfUrl(req: FastifyRequest, set: Record<string, string | null>): string {
  const original = new URL(req.originalUrl, 'http://x');
  const params = new URLSearchParams(original.search);
  for (const [k, v] of Object.entries(set)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  const qs = params.toString().replace(/%5B/g, '[').replace(/%5D/g, ']');
  return `${req.protocol}://${req.headers.host}${original.pathname}${qs ? `?${qs}` : ''}`;
}

/** `{ [key]: items }`, typed by its key (TypeScript widens a computed key to `string`). */
function keyed<K extends string, R>(key: K, items: R[]): { [P in K]: R[] } {
  return { [key]: items } as { [P in K]: R[] };
}

/** Fetches one page and answers in the style the client asked for. */
export async function paginate<T extends { id: number }, K extends string, R>(
  req: FastifyRequest,
  key: K,
  source: ListSource<T>,
  present: (rows: T[]) => Promise<R[]> | R[],
): Promise<Paged<K, R>> {
  const pr = pageRequest(req.query);
  if (pr.mode === 'offset') {
    const offset = (pr.page - 1) * pr.perPage;
    const [rows, count] = await Promise.all([source.fetch({ limit: pr.perPage, offset }), source.count()]);
    const hasNext = offset + rows.length < count;
    return {
      ...keyed(key, await present(rows)),
      next_page: hasNext ? selfUrl(req, { page: String(pr.page + 1), per_page: String(pr.perPage) }) : null,
      previous_page: pr.page > 1 ? selfUrl(req, { page: String(pr.page - 1), per_page: String(pr.perPage) }) : null,
      count,
    };
  }
  let rows: T[];
  let hasMore: boolean;
  if (pr.before !== undefined) {
    const got = await source.fetch({ limit: pr.size + 1, beforeId: pr.before });
    hasMore = got.length > pr.size;
    rows = got.slice(-pr.size);
  } else {
    const got = await source.fetch({ limit: pr.size + 1, afterId: pr.after });
    hasMore = got.length > pr.size;
    rows = got.slice(0, pr.size);
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  const forwardMore = pr.before !== undefined ? true : hasMore;
  const backMore = pr.before !== undefined ? hasMore : pr.after !== undefined;
  const after = last ? encodeCursor(last.id) : null;
  const before = first ? encodeCursor(first.id) : null;
  const clear = { 'page[after]': null, 'page[before]': null };
  return {
    ...keyed(key, await present(rows)),
    meta: { has_more: hasMore, after_cursor: after, before_cursor: before },
    links: {
      next: forwardMore && after ? selfUrl(req, { ...clear, 'page[after]': after }) : null,
      prev: backMore && before ? selfUrl(req, { ...clear, 'page[before]': before }) : null,
    },
  };
}

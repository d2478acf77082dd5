import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DialectCaps } from '../db/dialects/caps.ts';
import {
  countSearch,
  idPageSearch,
  liveUsersByIds,
  pageSearch,
  type IdPage,
  type SearchRow,
  type SearchScope,
  type SortBy,
} from '../db/queries/search.ts';
import { AppError } from '../errors.ts';
import { parseSearchQuery, RESULT_TYPES, type ResultType } from './syntax.ts';

// The search service: one set of functions over both databases. Each parses the query
// first, so a malformed one is a 400 before any SQL runs; the dialect differences live in
// src/db/dialects/search-*.ts behind SearchDialect.

export type { IdPage, SearchRow, SearchScope, SortBy } from '../db/queries/search.ts';
export type { ResultType } from './syntax.ts';

/** Offset paging reaches this many results at most, as in Zendesk; /search/export goes further. */
export const MAX_OFFSET_RESULTS = 1000;

export interface OffsetPage {
  page: number;
  perPage: number;
  sortBy?: SortBy;
  order?: 'asc' | 'desc';
}

/** One page of results of every type (`GET /search`), and how many there are in all. */
export async function searchAll(
  db: Kysely<Database>,
  caps: DialectCaps,
  query: string,
  page: OffsetPage,
  scope: SearchScope = {},
): Promise<{ rows: SearchRow[]; count: number }> {
  const q = parseSearchQuery(query);
  const offset = (page.page - 1) * page.perPage;
  if (offset + page.perPage > MAX_OFFSET_RESULTS) {
    throw new AppError(
      'invalid_request',
      `Search pages reach the first ${MAX_OFFSET_RESULTS} results; use /search/export to read further.`,
    );
  }
  const types = [...RESULT_TYPES];
  const { rows, total } = await pageSearch(db, caps, q, types, scope, {
    limit: page.perPage,
    offset,
    sortBy: page.sortBy ?? 'updated_at',
    order: page.order ?? 'desc',
  });
  // Past the last page there is no row to carry the total: count separately.
  const count = total ?? (offset === 0 ? 0 : await countSearch(db, caps, q, types, scope));
  return { rows, count };
}

/** How many results the query has (`GET /search/count`). */
export async function countAll(db: Kysely<Database>, caps: DialectCaps, query: string, scope: SearchScope = {}): Promise<number> {
  return countSearch(db, caps, parseSearchQuery(query), [...RESULT_TYPES], scope);
}

/**
 * Results of one type for `GET /search/export`, in the shape of a list source
 * (src/http/pagination.ts): ids ascending, keyset-paged, and the total.
 */
export function exportSource(db: Kysely<Database>, caps: DialectCaps, query: string, type: ResultType, scope: SearchScope = {}) {
  const q = parseSearchQuery(query);
  return {
    fetch: async (page: IdPage) => (await idPageSearch(db, caps, q, type, scope, page)).map((id) => ({ id })),
    count: () => countSearch(db, caps, q, [type], scope),
  };
}

/**
 * Live users matching the query, one page ascending by id, as full `users` rows
 * (`GET /users/search`). Keywords about tickets (status:, requester:…) match no user.
 */
export async function searchUsers(db: Kysely<Database>, caps: DialectCaps, query: string, page: IdPage, scope: SearchScope = {}) {
  const ids = await idPageSearch(db, caps, parseSearchQuery(query), 'user', scope, page);
  const byId = new Map((await liveUsersByIds(db, ids)).map((u) => [u.id, u]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** How many live users match the query (the `count` of `GET /users/search`). */
export async function countSearchedUsers(db: Kysely<Database>, caps: DialectCaps, query: string, scope: SearchScope = {}): Promise<number> {
  return countSearch(db, caps, parseSearchQuery(query), ['user'], scope);
}

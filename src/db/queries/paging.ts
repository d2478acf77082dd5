import type { SelectQueryBuilder } from 'kysely';

/** How one page of a list is asked for (see src/http/pagination.ts): ascending by id. */
export interface PageOpts {
  limit: number;
  offset?: number;
  afterId?: number;
  beforeId?: number;
}

/**
 * Runs a list query for one page: the first `limit` rows after `afterId` (or skipping
 * `offset`), or with `beforeId` the last `limit` rows before it, always ascending by id.
 */
export async function fetchPage<R>(q: SelectQueryBuilder<any, any, R>, idCol: string, o: PageOpts): Promise<R[]> {
  if (o.beforeId !== undefined) {
    const rows = await q.where(idCol, '<', o.beforeId).orderBy(idCol, 'desc').limit(o.limit).execute();
    return rows.reverse();
  }
  let page = q;
  if (o.afterId !== undefined) page = page.where(idCol, '>', o.afterId);
  page = page.orderBy(idCol, 'asc').limit(o.limit);
  if (o.offset) page = page.offset(o.offset);
  return page.execute();
}

import type { PageOpts } from '../db/queries/paging.ts';

export type { PageOpts };

/**
 * A list a caller may page through: its rows ascending by id, one page at a time, and its
 * length. The domain's list reads return one; the HTTP layer turns it into Zendesk's pages.
 */
export interface PageSource<T> {
  fetch(page: PageOpts): Promise<T[]>;
  count(): Promise<number>;
}

import type { Ctx } from '../../context.ts';
import type { UserRow } from '../../db/queries/users.ts';
import { countLiveUsers, listLiveUsers, type LiveUserFilter } from '../../db/queries/user-lists.ts';
import type { PageSource } from '../page-source.ts';

export type { LiveUserFilter };

/** Live users (not deleted, not erased) matching the filter, as pages. */
export function listUsers(ctx: Ctx, input: LiveUserFilter): PageSource<UserRow> {
  return { fetch: (p) => listLiveUsers(ctx.db, input, p), count: () => countLiveUsers(ctx.db, input) };
}

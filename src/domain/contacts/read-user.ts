import type { Ctx } from '../../context.ts';
import { getUser, type UserRow } from '../../db/queries/users.ts';
import { notFound } from '../../errors.ts';

export type { UserRow };

/**
 * Which users a read shows. `live`: not deleted, not erased (the users API). `deleted`:
 * soft-deleted, not erased (Deleted contacts). `not-erased`: either of those. `any`: also
 * the erased stub (the answer of an erasure, or of an action on the caller themself).
 */
export type UserShown = 'live' | 'deleted' | 'not-erased' | 'any';

/** Does a read that shows `shown` users show this one? */
export function userShown(user: Pick<UserRow, 'deleted_at' | 'erased_at'>, shown: UserShown): boolean {
  switch (shown) {
    case 'live':
      return !user.deleted_at && !user.erased_at;
    case 'deleted':
      return !!user.deleted_at && !user.erased_at;
    case 'not-erased':
      return !user.erased_at;
    case 'any':
      return true;
  }
}

export interface ReadUserInput {
  userId: number;
  shown: UserShown;
}

/** The user, if the read shows them; 404 otherwise, like an unknown id. */
export async function readUser(ctx: Ctx, input: ReadUserInput): Promise<UserRow> {
  const user = await getUser(ctx.db, input.userId);
  if (!user || !userShown(user, input.shown)) throw notFound();
  return user;
}

import type { Ctx } from '../../context.ts';
import type { UserRow } from '../../db/queries/users.ts';
import { countDeletedUsers, listDeletedUsers as listDeletedUserRows } from '../../db/queries/user-lists.ts';
import type { PageSource } from '../page-source.ts';

/** Deleted contacts: soft-deleted users not yet erased, as pages. */
export function listDeletedUsers(ctx: Ctx): PageSource<UserRow> {
  return { fetch: (p) => listDeletedUserRows(ctx.db, p), count: () => countDeletedUsers(ctx.db) };
}

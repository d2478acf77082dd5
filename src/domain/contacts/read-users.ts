import type { Ctx } from '../../context.ts';
import { getUsers, type UserRow } from '../../db/queries/users.ts';
import { getLiveUsers, getLiveUsersByExternalIds } from '../../db/queries/user-lists.ts';

/** Live users by id or by external id (show_many), or any users by id (names of who did something). */
export type ReadUsersInput = { userIds: number[]; shown: 'live' | 'any' } | { externalIds: string[]; shown: 'live' };

/** The users among these ids that the read shows, ascending by id; the others are left out. */
export async function readUsers(ctx: Ctx, input: ReadUsersInput): Promise<UserRow[]> {
  if ('externalIds' in input) return getLiveUsersByExternalIds(ctx.db, input.externalIds);
  return input.shown === 'live' ? getLiveUsers(ctx.db, input.userIds) : getUsers(ctx.db, input.userIds);
}

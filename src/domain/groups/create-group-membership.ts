import type { Ctx } from '../../context.ts';
import {
  findGroupMembership,
  getGroup,
  insertGroupMembership,
  oldestGroupMembershipOf,
  setDefaultGroupMembership,
} from '../../db/queries/groups.ts';
import { getUser } from '../../db/queries/users.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField } from '../../errors.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';

const ALREADY = 'The user is already a member of this group.';

/** Puts an agent or admin in a group (admins only); their first group is their default. */
export async function createGroupMembership(
  ctx: Ctx,
  input: { userId: number; groupId: number; isDefault?: boolean },
): Promise<number> {
  authorize(canAdminister(ctx.actor!));
  const now = ctx.now().toISOString();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const user = await getUser(trx, input.userId);
      if (!user || user.deleted_at || user.erased_at) throw invalidField('user_id', `user ${input.userId} does not exist`);
      if (user.role === 'end-user') throw invalidField('user_id', 'Only agents and admins can be members of a group.');
      if (!(await getGroup(trx, input.groupId))) throw invalidField('group_id', `group ${input.groupId} does not exist`);
      if (await findGroupMembership(trx, input.userId, input.groupId)) throw invalidField('user_id', ALREADY);
      const first = !(await oldestGroupMembershipOf(trx, input.userId));
      const id = await insertGroupMembership(trx, {
        user_id: input.userId,
        group_id: input.groupId,
        is_default: 0,
        created_at: now,
        updated_at: now,
      });
      if (first || input.isDefault) await setDefaultGroupMembership(trx, input.userId, id, now);
      await recordEvent(ctx, trx, {
        action: 'group_membership.created',
        subjectType: 'user',
        subjectId: input.userId,
        details: { membership_id: id, group_id: input.groupId },
      });
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw invalidField('user_id', ALREADY);
    throw err;
  }
}

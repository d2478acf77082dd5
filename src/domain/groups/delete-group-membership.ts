import type { Ctx } from '../../context.ts';
import {
  deleteGroupMembershipRow,
  getGroupMembership,
  oldestGroupMembershipOf,
  setDefaultGroupMembership,
} from '../../db/queries/groups.ts';
import { notFound } from '../../errors.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';

export interface DeleteGroupMembershipInput {
  membershipId: number;
  /** When deleted under /users/{id}: the membership must be that user's. */
  userId?: number;
}

/** Takes an agent out of a group (admins only); their oldest other group becomes default if needed. */
export async function deleteGroupMembership(ctx: Ctx, { membershipId, userId }: DeleteGroupMembershipInput): Promise<void> {
  authorize(canAdminister(ctx.actor!));
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await getGroupMembership(trx, membershipId);
    if (!m || (userId !== undefined && m.user_id !== userId)) throw notFound();
    await deleteGroupMembershipRow(trx, membershipId);
    if (m.is_default) {
      const next = await oldestGroupMembershipOf(trx, m.user_id);
      if (next) await setDefaultGroupMembership(trx, m.user_id, next.id, now);
    }
    await recordEvent(ctx, trx, {
      action: 'group_membership.deleted',
      subjectType: 'user',
      subjectId: m.user_id,
      details: { membership_id: membershipId, group_id: m.group_id },
    });
  });
}

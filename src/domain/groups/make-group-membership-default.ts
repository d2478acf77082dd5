import type { Ctx } from '../../context.ts';
import { getGroupMembership, setDefaultGroupMembership } from '../../db/queries/groups.ts';
import { notFound } from '../../errors.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';

export interface MakeGroupMembershipDefaultInput {
  userId: number;
  membershipId: number;
}

/** Makes one of an agent's groups their default (admins only). */
export async function makeGroupMembershipDefault(ctx: Ctx, { userId, membershipId }: MakeGroupMembershipDefaultInput): Promise<void> {
  authorize(canAdminister(ctx.actor!));
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await getGroupMembership(trx, membershipId);
    if (!m || m.user_id !== userId) throw notFound();
    await setDefaultGroupMembership(trx, userId, membershipId, now);
    await recordEvent(ctx, trx, {
      action: 'group_membership.made_default',
      subjectType: 'user',
      subjectId: userId,
      details: { membership_id: membershipId, group_id: m.group_id },
    });
  });
}

import type { Ctx } from '../../context.ts';
import { getOrganizationMembership, setDefaultOrganizationMembershipById } from '../../db/queries/memberships.ts';
import { updateUserRow } from '../../db/queries/users.ts';
import { notFound } from '../../errors.ts';
import { authorize, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { requireLiveUser } from '../contacts/live-user.ts';

export interface MakeOrganizationMembershipDefaultInput {
  userId: number;
  membershipId: number;
}

/** Makes one of a user's organizations their default (the user's `organization_id`). */
export async function makeOrganizationMembershipDefault(ctx: Ctx, { userId, membershipId }: MakeOrganizationMembershipDefaultInput): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const user = await requireLiveUser(trx, userId);
    authorize(canManageUser(ctx.actor!, user, 'update'));
    const m = await getOrganizationMembership(trx, membershipId);
    if (!m || m.user_id !== userId) throw notFound();
    await setDefaultOrganizationMembershipById(trx, userId, membershipId, now);
    await updateUserRow(trx, userId, { updated_at: now });
    await recordEvent(ctx, trx, {
      action: 'organization_membership.made_default',
      subjectType: 'user',
      subjectId: userId,
      details: { membership_id: membershipId, organization_id: m.organization_id },
    });
  });
}

import type { Ctx } from '../../context.ts';
import {
  deleteOrganizationMembershipRow,
  getOrganizationMembership,
  oldestOrganizationMembershipOf,
  setDefaultOrganizationMembershipById,
} from '../../db/queries/memberships.ts';
import { getUser } from '../../db/queries/users.ts';
import { notFound } from '../../errors.ts';
import { authorize, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';

export interface DeleteOrganizationMembershipInput {
  membershipId: number;
  /** When deleted under /users/{id}: the membership must be that user's. */
  userId?: number;
}

/** Removes a user from an organization; when it was their default, their oldest other one becomes it. */
export async function deleteOrganizationMembership(ctx: Ctx, { membershipId, userId }: DeleteOrganizationMembershipInput): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await getOrganizationMembership(trx, membershipId);
    if (!m || (userId !== undefined && m.user_id !== userId)) throw notFound();
    const user = await getUser(trx, m.user_id);
    if (!user || user.erased_at) throw notFound();
    authorize(canManageUser(ctx.actor!, user, 'update'));
    await deleteOrganizationMembershipRow(trx, membershipId);
    if (m.is_default) {
      const next = await oldestOrganizationMembershipOf(trx, m.user_id);
      if (next) await setDefaultOrganizationMembershipById(trx, m.user_id, next.id, now);
    }
    await recordEvent(ctx, trx, {
      action: 'organization_membership.deleted',
      subjectType: 'user',
      subjectId: m.user_id,
      details: { membership_id: membershipId, organization_id: m.organization_id },
    });
  });
}

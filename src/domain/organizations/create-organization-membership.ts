import type { Ctx } from '../../context.ts';
import {
  findOrganizationMembership,
  insertOrganizationMembership,
  oldestOrganizationMembershipOf,
  setDefaultOrganizationMembershipById,
} from '../../db/queries/memberships.ts';
import { getOrganization } from '../../db/queries/organizations.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField } from '../../errors.ts';
import { authorize, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { getUser } from '../../db/queries/users.ts';

const ALREADY = 'The user is already a member of this organization.';

/** Adds a live user to an organization; their first one (or one sent as default) is their default. */
export async function createOrganizationMembership(
  ctx: Ctx,
  input: { userId: number; organizationId: number; isDefault?: boolean },
): Promise<number> {
  const now = ctx.now().toISOString();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const user = await getUser(trx, input.userId);
      if (!user || user.deleted_at || user.erased_at) throw invalidField('user_id', `user ${input.userId} does not exist`);
      authorize(canManageUser(ctx.actor!, user, 'update'));
      if (!(await getOrganization(trx, input.organizationId))) {
        throw invalidField('organization_id', `organization ${input.organizationId} does not exist`);
      }
      if (await findOrganizationMembership(trx, input.userId, input.organizationId)) throw invalidField('user_id', ALREADY);
      const first = !(await oldestOrganizationMembershipOf(trx, input.userId));
      const id = await insertOrganizationMembership(trx, {
        user_id: input.userId,
        organization_id: input.organizationId,
        is_default: 0,
        created_at: now,
        updated_at: now,
      });
      if (first || input.isDefault) await setDefaultOrganizationMembershipById(trx, input.userId, id, now);
      await recordEvent(ctx, trx, {
        action: 'organization_membership.created',
        subjectType: 'user',
        subjectId: input.userId,
        details: { membership_id: id, organization_id: input.organizationId },
      });
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw invalidField('user_id', ALREADY);
    throw err;
  }
}

import type { Ctx } from '../../context.ts';
import { deleteOrganizationRow, getOrganization } from '../../db/queries/organizations.ts';
import { notFound } from '../../errors.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';

export interface DeleteOrganizationInput {
  organizationId: number;
}

/**
 * Deletes an organization (admins only): its memberships go, and its tickets stay with
 * everything but the organization link.
 */
export async function deleteOrganization(ctx: Ctx, { organizationId: id }: DeleteOrganizationInput): Promise<void> {
  authorize(canAdminister(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await getOrganization(trx, id))) throw notFound();
    const counts = await deleteOrganizationRow(trx, id);
    await recordEvent(ctx, trx, {
      action: 'organization.deleted',
      subjectType: 'organization',
      subjectId: id,
      details: { memberships_removed: counts.memberships, tickets_unlinked: counts.tickets },
    });
  });
}

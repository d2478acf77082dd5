import type { Ctx } from '../../context.ts';
import {
  countOrganizationMemberships,
  listOrganizationMemberships as listMembershipRows,
  type OrganizationMembershipFilter,
} from '../../db/queries/memberships.ts';

export type { OrganizationMembershipFilter };

/** The organization memberships of live users (with the organization's name), of one user or one organization or all, as pages. */
export function listOrganizationMemberships(ctx: Ctx, input: OrganizationMembershipFilter) {
  return {
    fetch: (p: Parameters<typeof listMembershipRows>[2]) => listMembershipRows(ctx.db, input, p),
    count: () => countOrganizationMemberships(ctx.db, input),
  };
}

import type { Ctx } from '../../context.ts';
import { getOrganizationMembership } from '../../db/queries/memberships.ts';
import { notFound } from '../../errors.ts';

export interface ReadOrganizationMembershipInput {
  membershipId: number;
  /** When read under /users/{id}: the membership must be that user's. */
  userId?: number;
}

/** An organization membership of a live user, with the organization's name; 404 for an unknown one, or another user's. */
export async function readOrganizationMembership(ctx: Ctx, input: ReadOrganizationMembershipInput) {
  const m = await getOrganizationMembership(ctx.db, input.membershipId);
  if (!m || (input.userId !== undefined && m.user_id !== input.userId)) throw notFound();
  return m;
}

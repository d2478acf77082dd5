import type { Ctx } from '../../context.ts';
import { getGroupMembership } from '../../db/queries/groups.ts';
import { notFound } from '../../errors.ts';

export interface ReadGroupMembershipInput {
  membershipId: number;
  /** When read under /users/{id}: the membership must be that user's. */
  userId?: number;
}

/** A group membership of a live user; 404 for an unknown one, or one of another user. */
export async function readGroupMembership(ctx: Ctx, input: ReadGroupMembershipInput) {
  const m = await getGroupMembership(ctx.db, input.membershipId);
  if (!m || (input.userId !== undefined && m.user_id !== input.userId)) throw notFound();
  return m;
}

import type { Ctx } from '../../context.ts';
import { getOrganization } from '../../db/queries/organizations.ts';
import { notFound } from '../../errors.ts';

export interface ReadOrganizationInput {
  organizationId: number;
}

/** An organization; 404 for an unknown id. */
export async function readOrganization(ctx: Ctx, input: ReadOrganizationInput) {
  const o = await getOrganization(ctx.db, input.organizationId);
  if (!o) throw notFound();
  return o;
}

import type { Ctx } from '../../context.ts';
import { getOrganizations } from '../../db/queries/organizations.ts';

export interface ReadOrganizationsInput {
  organizationIds: number[];
}

/** The organizations among these ids; unknown ids are left out. */
export async function readOrganizations(ctx: Ctx, input: ReadOrganizationsInput) {
  return getOrganizations(ctx.db, input.organizationIds);
}

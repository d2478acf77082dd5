import type { Ctx } from '../../context.ts';
import type { UserRow } from '../../db/queries/users.ts';
import { listUsers } from '../contacts/list-users.ts';
import type { PageSource } from '../page-source.ts';
import { readOrganization } from './read-organization.ts';

export interface ListOrganizationUsersInput {
  organizationId: number;
}

/** The live users who are members of an organization, as pages; 404 for an unknown organization. */
export async function listOrganizationUsers(ctx: Ctx, input: ListOrganizationUsersInput): Promise<PageSource<UserRow>> {
  await readOrganization(ctx, { organizationId: input.organizationId });
  return listUsers(ctx, { organizationId: input.organizationId });
}

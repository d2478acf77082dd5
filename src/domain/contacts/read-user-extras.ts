import type { Ctx } from '../../context.ts';
import { defaultOrganizationsOf, identitiesOf, tagsOfUsers } from '../../db/queries/users.ts';

export interface ReadUserExtrasInput {
  userIds: number[];
}

/** What showing a page of users needs besides their rows: identities, tags and organizations, one query each. */
export async function readUserExtras(ctx: Ctx, input: ReadUserExtrasInput) {
  const [identities, tags, organizations] = await Promise.all([
    identitiesOf(ctx.db, input.userIds),
    tagsOfUsers(ctx.db, input.userIds),
    defaultOrganizationsOf(ctx.db, input.userIds),
  ]);
  return { identities, tags, organizations };
}

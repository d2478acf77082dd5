import type { Ctx } from '../../context.ts';
import { findLiveUserByEmail } from '../../db/queries/users.ts';
import { getLiveUsersByExternalIds } from '../../db/queries/user-lists.ts';
import { invalidField } from '../../errors.ts';
import type { UserCreateOrUpdate } from '../../shared/users.ts';
import { createUser } from './create-user.ts';
import { normalizeIdentity } from './identity-values.ts';
import { userShown } from './read-user.ts';
import { updateUser } from './update-user.ts';

export interface CreateOrUpdateUserResult {
  userId: number;
  created: boolean;
}

/** The live user the body names by external id, else by email; null when there is none. */
async function match(ctx: Ctx, input: UserCreateOrUpdate) {
  if (input.external_id) {
    const [byExternal] = await getLiveUsersByExternalIds(ctx.db, [input.external_id]);
    if (byExternal) return byExternal;
  }
  if (input.email) {
    const user = await findLiveUserByEmail(ctx.db, normalizeIdentity('email', input.email).key);
    if (user && userShown(user, 'live')) return user;
  }
  return null;
}

/**
 * Zendesk's create-or-update: the live user with this external id or email is updated as
 * PUT /users/{id} would (same rules, same audit event); otherwise one is created as POST
 * /users would. Each path authorizes itself. Identities are for a new user only.
 */
export async function createOrUpdateUser(ctx: Ctx, input: UserCreateOrUpdate): Promise<CreateOrUpdateUserResult> {
  const found = await match(ctx, input);
  if (found) {
    const { identities: _identities, ...changes } = input;
    await updateUser(ctx, { userId: found.id, changes });
    return { userId: found.id, created: false };
  }
  if (!input.name) throw invalidField('name', 'name: cannot be blank (a new user needs one)');
  return { userId: await createUser(ctx, { ...input, name: input.name }), created: true };
}

import { SYSTEM_ACTOR, withActor, type Ctx } from '../../context.ts';
import { createUserInTransaction } from '../contacts/create-user.ts';
import { findLiveUserByEmail, insertApiToken, ownerExists, updateUserRow } from '../../db/queries/users.ts';
import { AppError } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { normalizeIdentity } from '../contacts/identity-values.ts';
import { hashToken, newToken } from './secrets.ts';

/**
 * Creates the account owner (an admin who can never be deleted or suspended) when there
 * is none, and returns a new API token for them. Run again with the same email, it only
 * issues another token.
 */
export async function setupOwner(ctx: Ctx, input: { email: string; name: string }): Promise<{ userId: number; token: string; created: boolean }> {
  const { value, key } = normalizeIdentity('email', input.email);
  const name = input.name.trim();
  if (!name) throw new AppError('invalid_request', '--owner-name cannot be blank');
  const now = ctx.now().toISOString();
  const token = newToken();
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await findLiveUserByEmail(trx, key);
    if (await ownerExists(trx)) {
      if (!existing || !existing.is_owner) {
        throw new AppError('conflict', 'an account owner already exists; use `oubli token create --email` for other staff');
      }
      await insertApiToken(trx, existing.id, hashToken(token), now);
      return { userId: existing.id, token, created: false };
    }
    if (existing) throw new AppError('conflict', 'that email already belongs to a user; choose another owner email');
    // The owner is an admin who can never be deleted or suspended (docs/permissions.md).
    const userId = await createUserInTransaction(withActor(ctx, SYSTEM_ACTOR), trx, {
      name,
      email: value,
      role: 'admin',
      verified: true,
    });
    await updateUserRow(trx, userId, { is_owner: 1, can_delete_tickets: 1 });
    await insertApiToken(trx, userId, hashToken(token), now);
    await recordEvent({ ...ctx, actor: null }, trx, { action: 'account.owner_created', subjectType: 'user', subjectId: userId });
    return { userId, token, created: true };
  });
}

export interface CreateApiTokenInput {
  email: string;
}

/** A new API token for a live agent or admin, found by email. */
export async function createApiToken(ctx: Ctx, { email }: CreateApiTokenInput): Promise<{ userId: number; token: string }> {
  const { key } = normalizeIdentity('email', email);
  const user = await findLiveUserByEmail(ctx.db, key);
  if (!user) throw new AppError('not_found', 'no live user has that email');
  if (user.role === 'end-user') throw new AppError('forbidden', 'API tokens are for agents and admins; that user is an end user');
  if (user.suspended) throw new AppError('forbidden', 'that user is suspended');
  const token = newToken();
  await ctx.db.transaction().execute(async (trx) => {
    await insertApiToken(trx, user.id, hashToken(token), ctx.now().toISOString());
    await recordEvent({ ...ctx, actor: null }, trx, { action: 'api_token.created', subjectType: 'user', subjectId: user.id });
  });
  return { userId: user.id, token };
}

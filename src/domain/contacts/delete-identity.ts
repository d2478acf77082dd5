import type { Ctx } from '../../context.ts';
import { deleteIdentityRow, identitiesOf, setPrimaryIdentity, updateUserRow } from '../../db/queries/users.ts';
import { recordEvent } from '../events.ts';
import { requireManagedIdentity } from './live-user.ts';
import { assertStaffKeepsEmail } from './primary-identity.ts';

export interface DeleteIdentityInput {
  userId: number;
  identityId: number;
}

/**
 * Removes an identity from a live user. Staff keep at least one email (they sign in with
 * it); when the primary goes, the oldest remaining one of its type becomes primary.
 */
export async function deleteIdentity(ctx: Ctx, { userId, identityId }: DeleteIdentityInput): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const { user, identity } = await requireManagedIdentity(ctx, trx, userId, identityId);
    if (identity.type === 'email') await assertStaffKeepsEmail(trx, user, identityId);
    await deleteIdentityRow(trx, identityId);
    if (identity.is_primary) {
      const next = (await identitiesOf(trx, [userId])).find((i) => i.type === identity.type && i.released === 0);
      if (next) await setPrimaryIdentity(trx, userId, identity.type, next.id, now);
    }
    await updateUserRow(trx, userId, { updated_at: now });
    await recordEvent(ctx, trx, {
      action: 'identity.deleted',
      subjectType: 'user',
      subjectId: userId,
      details: { identity_id: identityId, type: identity.type },
    });
  });
}

import type { Ctx } from '../../context.ts';
import { setPrimaryIdentity, updateUserRow } from '../../db/queries/users.ts';
import { recordEvent } from '../events.ts';
import { requireManagedIdentity } from './live-user.ts';

export interface MakeIdentityPrimaryInput {
  userId: number;
  identityId: number;
}

/** Makes an identity the primary of its type: the user's `email` or `phone` in the API. */
export async function makeIdentityPrimary(ctx: Ctx, { userId, identityId }: MakeIdentityPrimaryInput): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const { identity } = await requireManagedIdentity(ctx, trx, userId, identityId);
    if (identity.is_primary) return;
    await setPrimaryIdentity(trx, userId, identity.type, identityId, now);
    await updateUserRow(trx, userId, { updated_at: now });
    await recordEvent(ctx, trx, {
      action: 'identity.made_primary',
      subjectType: 'user',
      subjectId: userId,
      details: { identity_id: identityId, type: identity.type },
    });
  });
}

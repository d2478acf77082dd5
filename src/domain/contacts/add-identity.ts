import type { Ctx } from '../../context.ts';
import { identitiesOf, insertIdentity, setPrimaryIdentity, updateUserRow } from '../../db/queries/users.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField } from '../../errors.ts';
import type { IdentityCreate } from '../../shared/users.ts';
import { authorize, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { assertIdentityFree } from './create-user.ts';
import { normalizeIdentity } from './identity-values.ts';
import { identityWords, requireLiveUser } from './live-user.ts';

export interface AddIdentityInput {
  userId: number;
  identity: IdentityCreate;
}

/** Adds an email, phone or social identity to a live user; it must not belong to another live user. */
export async function addIdentity(ctx: Ctx, { userId, identity: input }: AddIdentityInput): Promise<number> {
  const now = ctx.now().toISOString();
  const { value, key } = normalizeIdentity(input.type, input.value);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const user = await requireLiveUser(trx, userId);
      authorize(canManageUser(ctx.actor!, user, 'update'));
      const ofType = (await identitiesOf(trx, [userId])).filter((i) => i.type === input.type && i.released === 0);
      if (ofType.some((i) => i.value_key === key)) {
        throw invalidField('value', `This user already has that ${identityWords(input.type).noun}.`);
      }
      await assertIdentityFree(trx, { type: input.type, key, value });
      const id = await insertIdentity(trx, {
        user_id: userId,
        type: input.type,
        value,
        value_key: key,
        verified: input.verified ? 1 : 0,
        is_primary: 0,
        released: 0,
        created_at: now,
        updated_at: now,
      });
      // The first of its type is primary, as is one sent with primary: true.
      if (input.primary || ofType.length === 0) await setPrimaryIdentity(trx, userId, input.type, id, now);
      await updateUserRow(trx, userId, { updated_at: now });
      await recordEvent(ctx, trx, {
        action: 'identity.created',
        subjectType: 'user',
        subjectId: userId,
        details: { identity_id: id, type: input.type },
      });
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw invalidField(identityWords(input.type).field, 'is already being used by another user');
    throw err;
  }
}

import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { IdentitiesTable } from '../../db/schema.ts';
import { identitiesOf, updateIdentityRow, updateUserRow } from '../../db/queries/users.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField } from '../../errors.ts';
import type { IdentityUpdate } from '../../shared/users.ts';
import { recordEvent } from '../events.ts';
import { assertIdentityFree } from './create-user.ts';
import { normalizeIdentity } from './identity-values.ts';
import { identityWords, requireManagedIdentity } from './live-user.ts';

export interface UpdateIdentityInput {
  userId: number;
  identityId: number;
  changes: IdentityUpdate;
}

/** Changes an identity's value or verified flag; a new value must not belong to another live user. */
export async function updateIdentity(ctx: Ctx, { userId, identityId, changes: input }: UpdateIdentityInput): Promise<void> {
  const now = ctx.now().toISOString();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const { identity } = await requireManagedIdentity(ctx, trx, userId, identityId);
      const patch: Updateable<IdentitiesTable> = {};
      if (input.value !== undefined) {
        const { value, key } = normalizeIdentity(identity.type, input.value);
        if (key !== identity.value_key) {
          const mine = (await identitiesOf(trx, [userId])).filter((i) => i.type === identity.type && i.released === 0);
          if (mine.some((i) => i.value_key === key)) {
            throw invalidField('value', `This user already has that ${identityWords(identity.type).noun}.`);
          }
          await assertIdentityFree(trx, { type: identity.type, key, value });
          // A changed address has not been verified yet, unless the caller says so.
          patch.verified = 0;
        }
        patch.value = value;
        patch.value_key = key;
      }
      if (input.verified !== undefined) patch.verified = input.verified ? 1 : 0;
      const fields = Object.keys(patch);
      if (fields.length === 0) return;
      await updateIdentityRow(trx, identityId, { ...patch, updated_at: now });
      await updateUserRow(trx, userId, { updated_at: now });
      await recordEvent(ctx, trx, {
        action: 'identity.updated',
        subjectType: 'user',
        subjectId: userId,
        details: { identity_id: identityId, type: identity.type, fields },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw invalidField('value', 'is already being used by another user');
    throw err;
  }
}

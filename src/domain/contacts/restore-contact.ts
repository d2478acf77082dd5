import type { Ctx } from '../../context.ts';
import { getUser, markUserRestored, takenIdentityTypesOf, unreleaseIdentitiesOf } from '../../db/queries/users.ts';
import { restoreContactDeletedTickets } from '../../db/queries/contact-tickets.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, notFound } from '../../errors.ts';
import { authorize, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { identityWords } from './live-user.ts';

export interface RestoreContactResult {
  ticketsRestored: number;
  identitiesRestored: number;
}

function takenError(type: string): AppError {
  // Says which kind of address, never whose it is now.
  return new AppError('conflict', `The ${identityWords(type).noun} of this user now belongs to another user; remove it from that user or from this one's identities first.`);
}

export interface RestoreContactInput {
  userId: number;
}

/**
 * Brings a soft-deleted user back (docs/lifecycle.md) with their addresses and exactly the
 * tickets their deletion moved to Spam. A suspended contact stays suspended. Refused
 * while an erasure is in progress, and when someone else now holds one of their addresses.
 */
export async function restoreContact(ctx: Ctx, { userId }: RestoreContactInput): Promise<RestoreContactResult> {
  const actor = ctx.actor!;
  const now = ctx.now().toISOString();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const user = await getUser(trx, userId);
      if (!user || !user.deleted_at || user.erased_at) throw notFound();
      authorize(canManageUser(actor, user, 'restore'));
      if (user.erasing_since) {
        throw new AppError('record_invalid', 'Record validation errors', {
          base: [{ description: 'An erasure is in progress; it cannot be restored.' }],
        });
      }
      const taken = await takenIdentityTypesOf(trx, userId);
      if (taken.length) throw takenError(taken[0]!);
      // Re-checked in the write: an erasure that started since we read the row wins.
      if (!(await markUserRestored(trx, userId, now))) throw notFound();
      const identitiesRestored = await unreleaseIdentitiesOf(trx, userId, now);
      const ticketsRestored = await restoreContactDeletedTickets(trx, userId, now);
      await recordEvent(ctx, trx, {
        action: 'user.restored',
        subjectType: 'user',
        subjectId: userId,
        details: { role: user.role, tickets_restored: ticketsRestored, identities_restored: identitiesRestored },
      });
      return { ticketsRestored, identitiesRestored };
    });
  } catch (err) {
    // Someone took one of the addresses between our check and the un-release.
    if (isUniqueViolation(err)) throw new AppError('conflict', 'An address of this user now belongs to another user; restore was not done.');
    throw err;
  }
}

import type { Ctx } from '../../context.ts';
import { getUser, markUserDeleted, releaseIdentitiesOf } from '../../db/queries/users.ts';
import { moveRequestedTicketsToSpam } from '../../db/queries/contact-tickets.ts';
import { AppError, notFound } from '../../errors.ts';
import { authorize, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { actingUserId } from '../auth/actor.ts';
import { isLastAdmin } from './last-admin.ts';

export interface DeleteContactResult {
  ticketsMoved: number;
  identitiesReleased: number;
}

export interface DeleteContactInput {
  userId: number;
}

/**
 * Soft-deletes a user (docs/lifecycle.md): they leave every active list, their addresses are
 * released for someone new, and their active requested tickets move to Spam, remembered
 * as moved by this deletion so that a restore brings back exactly those.
 */
export async function deleteContact(ctx: Ctx, { userId }: DeleteContactInput): Promise<DeleteContactResult> {
  const actor = ctx.actor!;
  const now = ctx.now().toISOString();
  const actorId = actingUserId(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const user = await getUser(trx, userId);
    if (!user || user.deleted_at || user.erased_at) throw notFound();
    authorize(canManageUser(actor, user, 'delete'));
    if (await isLastAdmin(trx, user)) {
      throw new AppError('record_invalid', 'Record validation errors', {
        role: [{ description: 'This is the last admin and cannot be deleted; make someone else an admin first.' }],
      });
    }
    // Re-checked in the write: a concurrent delete of the same user leaves this one a 404.
    if (!(await markUserDeleted(trx, userId, now, actorId))) throw notFound();
    const identitiesReleased = await releaseIdentitiesOf(trx, userId, now);
    const ticketsMoved = await moveRequestedTicketsToSpam(trx, userId, now, actorId);
    await recordEvent(ctx, trx, {
      action: 'user.deleted',
      subjectType: 'user',
      subjectId: userId,
      details: { role: user.role, tickets_moved_to_spam: ticketsMoved, identities_released: identitiesReleased },
    });
    return { ticketsMoved, identitiesReleased };
  });
}

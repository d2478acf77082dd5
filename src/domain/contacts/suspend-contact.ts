import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getUser, updateUserRow } from '../../db/queries/users.ts';
import { AppError, notFound } from '../../errors.ts';
import { authorize, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';

/**
 * Suspends a user inside the caller's transaction (mark-spam uses this so the ticket and
 * its requester change together). `cause` is recorded in the audit event.
 * Returns false when they were already suspended.
 */
export async function suspendInTransaction(
  ctx: Ctx,
  trx: Kysely<Database>,
  userId: number,
  cause: 'manual' | 'spam',
): Promise<boolean> {
  const user = await getUser(trx, userId);
  if (!user || user.erased_at) throw notFound();
  authorize(canManageUser(ctx.actor!, user, 'suspend'));
  if (user.suspended) return false;
  await updateUserRow(trx, userId, { suspended: 1, updated_at: ctx.now().toISOString() });
  await recordEvent(ctx, trx, { action: 'user.suspended', subjectType: 'user', subjectId: userId, details: { cause } });
  return true;
}

export interface SuspendContactInput {
  userId: number;
}

/** Suspends a contact: they cannot sign in and their mail is blocked (docs/lifecycle.md). */
export async function suspendContact(ctx: Ctx, { userId }: SuspendContactInput): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const user = await getUser(trx, userId);
    if (!user || user.erased_at) throw notFound();
    if (user.deleted_at) throw new AppError('record_invalid', 'Record validation errors', {
      suspended: [{ description: 'A deleted user cannot be suspended; restore them first.' }],
    });
    await suspendInTransaction(ctx, trx, userId, 'manual');
  });
}

/** Makes a suspended contact active again. Their spam tickets stay spam (docs/lifecycle.md). */
export async function unsuspendContact(ctx: Ctx, { userId }: SuspendContactInput): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const user = await getUser(trx, userId);
    if (!user || user.erased_at) throw notFound();
    authorize(canManageUser(ctx.actor!, user, 'unsuspend'));
    if (!user.suspended) return;
    await updateUserRow(trx, userId, { suspended: 0, updated_at: ctx.now().toISOString() });
    await recordEvent(ctx, trx, { action: 'user.unsuspended', subjectType: 'user', subjectId: userId });
  });
}

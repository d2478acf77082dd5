import type { Ctx } from '../../context.ts';
import { findLiveUserByEmail, getUser } from '../../db/queries/users.ts';
import { deletePasswordTokensOfUser, deleteSessionsOfUser, setPasswordHash } from '../../db/queries/sessions.ts';
import { AppError, invalidField } from '../../errors.ts';
import { PasswordSchema } from '../../shared/auth.ts';
import { normalizeIdentity } from '../contacts/identity-values.ts';
import { recordEvent } from '../events.ts';
import { hashPassword } from './secrets.ts';

/** Refuses a password that the shared rules refuse, with the rule's words. */
export function checkPassword(password: string): void {
  const r = PasswordSchema.safeParse(password);
  if (!r.success) throw invalidField('password', `password ${r.error.issues[0]!.message}`);
}

/**
 * Sets a live agent's or admin's password (the `oubli user set-password` command, run by
 * whoever holds the server). Every open session of theirs and every unused link ends, so
 * a password changed because it leaked locks the old holder out.
 */
export async function setPassword(ctx: Ctx, input: { email: string; password: string }): Promise<{ userId: number; signedOut: number }> {
  checkPassword(input.password);
  const { key } = normalizeIdentity('email', input.email);
  const user = await findLiveUserByEmail(ctx.db, key);
  if (!user) throw new AppError('not_found', 'no live user has that email');
  if (user.role === 'end-user') throw new AppError('forbidden', 'only agents and admins sign in to the web app; that user is an end user');
  const hash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    const signedOut = await applyPassword(ctx, trx, user.id, hash);
    return { userId: user.id, signedOut };
  });
}

/** Stores a password hash and ends the person's sessions and links, with its audit event. */
export async function applyPassword(ctx: Ctx, trx: Ctx['db'], userId: number, hash: string): Promise<number> {
  const now = ctx.now().toISOString();
  const current = await getUser(trx, userId);
  if (!current || current.deleted_at || current.erased_at) throw new AppError('not_found', 'that user is not live any more');
  await setPasswordHash(trx, userId, hash, now);
  const signedOut = await deleteSessionsOfUser(trx, userId);
  await deletePasswordTokensOfUser(trx, userId);
  await recordEvent(ctx, trx, { action: 'user.password_set', subjectType: 'user', subjectId: userId, details: { sessions_ended: signedOut } });
  return signedOut;
}

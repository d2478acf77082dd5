import type { Ctx } from '../../context.ts';
import { getUser } from '../../db/queries/users.ts';
import { consumePasswordToken } from '../../db/queries/sessions.ts';
import { AppError } from '../../errors.ts';
import type { PasswordLinkRedeem } from '../../shared/auth.ts';
import { actorOf } from './actor.ts';
import { hashPassword, hashToken } from './secrets.ts';
import { applyPassword, checkPassword } from './set-password.ts';

/**
 * Sets the password of whoever a one-time link was issued to, and uses the link up.
 * Returns their user id; the caller signs them in.
 */
export async function redeemPasswordLink(ctx: Ctx, input: PasswordLinkRedeem): Promise<{ userId: number }> {
  checkPassword(input.password);
  const hash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    const link = await consumePasswordToken(trx, hashToken(input.token), ctx.now().toISOString());
    const expired = new AppError('invalid_request', 'This link has expired or was already used; ask an admin for a new one.');
    if (!link) throw expired;
    const user = await getUser(trx, link.user_id);
    const actor = user ? actorOf(user) : null;
    if (!actor || actor.role === 'end-user' || user!.erased_at) throw expired;
    await applyPassword({ ...ctx, actor }, trx, link.user_id, hash);
    return { userId: link.user_id };
  });
}

import type { Ctx } from '../../context.ts';
import { getUser } from '../../db/queries/users.ts';
import { deletePasswordTokensOfUser, insertPasswordToken, type PasswordTokenPurpose } from '../../db/queries/sessions.ts';
import { AppError, notFound } from '../../errors.ts';
import { authorize, canAdminister, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { actingUserId } from './actor.ts';
import { hashToken, newToken } from './secrets.ts';
import { INVITE_LINK_MS, RESET_LINK_MS } from './session-rules.ts';

/** What an admin's link is for (hc_signin links are an end user's, mailed by /hc/signin). */
export type StaffLinkPurpose = Exclude<PasswordTokenPurpose, 'hc_signin'>;

export interface PasswordLink {
  userId: number;
  /** The secret: shown once to the admin, stored only as its hash. */
  token: string;
  purpose: StaffLinkPurpose;
  expiresAt: Date;
}

/**
 * A one-time link for an agent or admin to choose their password (admins only). It
 * replaces any earlier link of theirs. The admin passes it on; Oubli never sees it again.
 */
export async function issuePasswordLink(ctx: Ctx, input: { userId: number; purpose: StaffLinkPurpose }): Promise<PasswordLink> {
  authorize(canAdminister(ctx.actor!));
  const target = await getUser(ctx.db, input.userId);
  if (!target || target.deleted_at || target.erased_at) throw notFound();
  if (target.role === 'end-user') throw new AppError('forbidden', 'Only agents and admins sign in to the web app.');
  // The owner's password is set on the server (`oubli user set-password`), not by a link another admin holds.
  if (target.is_owner && target.id !== ctx.actor!.id) throw new AppError('forbidden', "Only the account owner can reset the owner's password.");
  authorize(canManageUser(ctx.actor!, target, 'update'));
  const now = ctx.now();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + (input.purpose === 'invite' ? INVITE_LINK_MS : RESET_LINK_MS));
  await ctx.db.transaction().execute(async (trx) => {
    await deletePasswordTokensOfUser(trx, target.id);
    await insertPasswordToken(trx, {
      user_id: target.id,
      token_hash: hashToken(token),
      purpose: input.purpose,
      created_by_id: actingUserId(ctx.actor),
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    });
    await recordEvent(ctx, trx, { action: 'user.password_link_issued', subjectType: 'user', subjectId: target.id, details: { purpose: input.purpose } });
  });
  return { userId: target.id, token, purpose: input.purpose, expiresAt };
}

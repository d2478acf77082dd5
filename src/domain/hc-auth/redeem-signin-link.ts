import type { Ctx } from '../../context.ts';
import { consumeSigninLink } from '../../db/queries/hc-auth.ts';
import { deleteExpiredAuthRows, insertSession } from '../../db/queries/sessions.ts';
import { getUser } from '../../db/queries/users.ts';
import { AppError } from '../../errors.ts';
import { actorOf } from '../auth/actor.ts';
import { hashToken, newToken } from '../auth/secrets.ts';
import { sessionExpiry } from '../auth/session-rules.ts';
import { recordEvent } from '../events.ts';
import { mayUseHelpCentreSignin } from './hc-auth-rules.ts';
import type { NewSession } from '../auth/sign-in.ts';

/**
 * Uses up a mailed sign-in link and opens a help-centre session for its end user, who must
 * still be live and unsuspended. A link used, expired, replaced by a newer one, or of someone
 * suspended since is refused with one message.
 */
export async function redeemSigninLink(ctx: Ctx, input: { token: string }): Promise<NewSession> {
  const refused = new AppError('invalid_request', 'This sign-in link has expired or was already used; ask for a new one.');
  if (!input.token || input.token.length > 200) throw refused;
  const now = ctx.now();
  const token = newToken();
  const expiresAt = sessionExpiry(now, now);
  return ctx.db.transaction().execute(async (trx) => {
    const link = await consumeSigninLink(trx, hashToken(input.token), now.toISOString());
    if (!link) throw refused;
    const user = await getUser(trx, link.user_id);
    if (!mayUseHelpCentreSignin(user)) throw refused;
    await deleteExpiredAuthRows(trx, now.toISOString());
    await insertSession(trx, { user_id: user!.id, token_hash: hashToken(token), created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: expiresAt.toISOString() });
    await recordEvent({ ...ctx, actor: actorOf(user!) }, trx, { action: 'hc_session.signed_in', subjectType: 'user', subjectId: user!.id });
    return { token, userId: user!.id, expiresAt };
  });
}

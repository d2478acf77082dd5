import type { Ctx } from '../../context.ts';
import { deleteSigninLinksOf } from '../../db/queries/hc-auth.ts';
import { insertPasswordToken } from '../../db/queries/sessions.ts';
import { findLiveUserByEmail, identitiesOf } from '../../db/queries/users.ts';
import { normalizeIdentity } from '../contacts/identity-values.ts';
import { countPasswordAttempt } from '../auth/password-limit.ts';
import { hashToken, newToken } from '../auth/secrets.ts';
import { recordEvent } from '../events.ts';
import { HC_LINK_MS, mayUseHelpCentreSignin } from './hc-auth-rules.ts';

/** A link to mail: the secret (never stored, never logged) and where it goes. */
export interface SigninLink {
  token: string;
  userId: number;
  to: { name: string; address: string };
  expiresAt: Date;
}

/**
 * A one-time sign-in link for the end user this email belongs to, or null when there is none
 * who may sign in (no such person, an agent, suspended, deleted). The caller answers the same
 * either way, so the form never tells which addresses have accounts. Every request counts
 * against the password limit's counters (the client's address, and this email), so the form
 * cannot be used to flood a mailbox (429 when over).
 */
export async function requestSigninLink(ctx: Ctx, input: { email: string; clientAddress: string }): Promise<SigninLink | null> {
  let key: string;
  try {
    key = normalizeIdentity('email', input.email).key;
  } catch {
    key = '';
  }
  await countPasswordAttempt(ctx, { clientAddress: input.clientAddress, accountKey: `hc-signin\n${key || input.email.trim().toLowerCase()}` });
  if (!key) return null;
  const user = await findLiveUserByEmail(ctx.db, key);
  if (!user || !mayUseHelpCentreSignin(user)) return null;
  const identities = await identitiesOf(ctx.db, [user.id]);
  const address = identities.find((i) => i.type === 'email' && i.value_key === key && !i.released)?.value;
  if (!address) return null;
  const now = ctx.now();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + HC_LINK_MS);
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSigninLinksOf(trx, user.id);
    await insertPasswordToken(trx, { user_id: user.id, token_hash: hashToken(token), purpose: 'hc_signin', created_by_id: null, created_at: now.toISOString(), expires_at: expiresAt.toISOString() });
    await recordEvent({ ...ctx, actor: null }, trx, { action: 'hc_session.link_sent', subjectType: 'user', subjectId: user.id });
  });
  return { token, userId: user.id, to: { name: user.name, address }, expiresAt };
}

import type { Ctx } from '../../context.ts';
import { findLiveUserByEmail } from '../../db/queries/users.ts';
import { normalizeIdentity } from '../contacts/identity-values.ts';
import { countPasswordAttempt } from './password-limit.ts';
import { verifyPassword } from './secrets.ts';

// Checked against when no user has the email (or that user has no password), so a wrong
// email costs the same time as a wrong password and the answer's timing does not tell
// which addresses have accounts.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The email as accounts are looked up by; any other text, trimmed and lowercased, as its own key. */
function accountKeyOf(email: string): string {
  try {
    return normalizeIdentity('email', email).key;
  } catch {
    return email.trim().toLowerCase();
  }
}

/**
 * The live user whose email and password these are, or null. The one place a password is
 * tested (browser sign-in and Basic email:password alike), so every test of one is counted
 * by the password limit first: 429 when the client or the account has had too many wrong ones.
 */
export async function checkCredentials(
  ctx: Pick<Ctx, 'db' | 'now'>,
  input: { email: string; password: string; clientAddress: string },
) {
  const accountKey = accountKeyOf(input.email);
  const attempt = await countPasswordAttempt(ctx, { clientAddress: input.clientAddress, accountKey });
  const user = accountKey ? await findLiveUserByEmail(ctx.db, accountKey) : undefined;
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !user.password_hash || !ok) return null;
  await attempt.giveBack();
  return user;
}

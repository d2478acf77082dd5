import type { Ctx } from '../../context.ts';
import { getUser } from '../../db/queries/users.ts';
import { deleteExpiredAuthRows, insertSession } from '../../db/queries/sessions.ts';
import { AppError } from '../../errors.ts';
import type { SignIn } from '../../shared/auth.ts';
import { recordEvent } from '../events.ts';
import { actorOf } from './actor.ts';
import { checkCredentials } from './check-credentials.ts';
import { hashToken, newToken } from './secrets.ts';
import { sessionExpiry } from './session-rules.ts';

export interface NewSession {
  /** The secret for the cookie; only its hash is stored. */
  token: string;
  userId: number;
  expiresAt: Date;
}

/** What signing in takes: the form's email and password, and the address the request came from. */
export type SignInInput = SignIn & { clientAddress: string };

/** Opens a browser session for a live agent or admin whose email and password match (counted by the password limit). */
export async function signIn(ctx: Ctx, input: SignInInput): Promise<NewSession> {
  const user = await checkCredentials(ctx, input);
  if (!user) throw new AppError('unauthenticated', 'Wrong email or password.');
  return openSession(ctx, { userId: user.id });
}

export interface OpenSessionInput {
  userId: number;
}

/** Opens a session for a live, unsuspended agent or admin (after a password check or a link). */
export async function openSession(ctx: Ctx, { userId }: OpenSessionInput): Promise<NewSession> {
  const user = await getUser(ctx.db, userId);
  const actor = user && !user.erased_at ? actorOf(user) : null;
  if (!actor) throw new AppError('forbidden', 'This account is suspended or deleted; ask an admin.');
  if (actor.role === 'end-user') throw new AppError('forbidden', 'This sign-in is for agents and admins.');
  const now = ctx.now();
  const token = newToken();
  const expiresAt = sessionExpiry(now, now);
  await ctx.db.transaction().execute(async (trx) => {
    await deleteExpiredAuthRows(trx, now.toISOString());
    await insertSession(trx, {
      user_id: userId,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    });
    await recordEvent({ ...ctx, actor }, trx, { action: 'session.signed_in', subjectType: 'user', subjectId: userId });
  });
  return { token, userId, expiresAt };
}

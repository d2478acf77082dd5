import type { Ctx } from '../../context.ts';
import { deleteSessionByHash } from '../../db/queries/sessions.ts';
import { recordEvent } from '../events.ts';
import { hashToken } from './secrets.ts';

export interface SignOutInput {
  /** The session token (the cookie's value). */
  token: string;
}

/** Ends one browser session. Unknown or expired tokens are a no-op: signing out twice is fine. */
export async function signOut(ctx: Ctx, { token }: SignOutInput): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const userId = await deleteSessionByHash(trx, hashToken(token));
    if (userId !== null) {
      await recordEvent(ctx, trx, { action: 'session.signed_out', subjectType: 'user', subjectId: userId });
    }
  });
}

import type { Ctx } from '../../context.ts';
import { deleteSessionByHash } from '../../db/queries/sessions.ts';
import { hashToken } from '../auth/secrets.ts';
import { recordEvent } from '../events.ts';

/** Ends a help-centre session (its cookie's row goes). Signing out twice is no error. */
export async function signOutHc(ctx: Ctx, input: { token: string }): Promise<void> {
  if (!input.token || input.token.length > 200) return;
  await ctx.db.transaction().execute(async (trx) => {
    const userId = await deleteSessionByHash(trx, hashToken(input.token));
    if (userId !== null) await recordEvent(ctx, trx, { action: 'hc_session.signed_out', subjectType: 'user', subjectId: userId });
  });
}

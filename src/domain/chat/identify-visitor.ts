import type { Ctx } from '../../context.ts';
import { getVisitor, updateVisitorRow } from '../../db/queries/chat-visitors.ts';
import { notFound } from '../../errors.ts';
import { normalizeIdentity } from '../contacts/identity-values.ts';
import { findSender } from '../mail/resolve-sender.ts';

/**
 * The visitor tells their name or email. An email links the visitor to the live contact
 * holding it (the identities look-up mail-in uses); an email nobody holds unlinks nothing an
 * agent linked by hand, but a new email that someone else holds moves the link to them.
 */
export async function identifyVisitor(ctx: Ctx, input: { visitorId: number; name?: string; email?: string }): Promise<{ userId: number | null }> {
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const v = await getVisitor(trx, input.visitorId);
    if (!v) throw notFound('There is no such visitor.');
    const patch: { name?: string | null; email?: string; user_id?: number; updated_at: string } = { updated_at: now };
    if (input.name !== undefined) patch.name = input.name || null;
    let userId = v.user_id;
    if (input.email) {
      patch.email = normalizeIdentity('email', input.email).value;
      const holder = await findSender(trx, input.email);
      if (holder) userId = patch.user_id = holder.id;
    }
    await updateVisitorRow(trx, v.id, patch);
    return { userId };
  });
}

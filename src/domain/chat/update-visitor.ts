import type { Ctx } from '../../context.ts';
import { getVisitor, touchChatsOfVisitor, updateVisitorRow, type VisitorRow } from '../../db/queries/chat-records.ts';
import { notFound } from '../../errors.ts';
import type { VisitorUpdate } from '../../shared/chats.ts';
import { recordEvent } from '../events.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { fieldsOf, linkFor } from './visitor-link.ts';

/** Changes a visitor's fields or link (PUT /chat/visitors/{id}, staff). */
export async function updateVisitor(ctx: Ctx, input: { visitorId: number; update: VisitorUpdate }): Promise<VisitorRow> {
  authorize(canWorkTickets(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    const v = await getVisitor(trx, input.visitorId);
    if (!v) throw notFound();
    const now = ctx.now().toISOString();
    const link = await linkFor(trx, input.update);
    await updateVisitorRow(trx, v.id, { ...fieldsOf(input.update), ...link, updated_at: now });
    await touchChatsOfVisitor(trx, v.id, now);
    await recordEvent(ctx, trx, {
      action: 'visitor.updated',
      subjectType: 'visitor',
      subjectId: v.id,
      details: { visitor_id: v.id, fields: Object.keys(input.update), user_id: link.user_id !== undefined ? link.user_id : v.user_id },
    });
    return (await getVisitor(trx, v.id))!;
  });
}

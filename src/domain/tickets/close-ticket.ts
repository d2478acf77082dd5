import type { Ctx } from '../../context.ts';
import { updateTicketRow } from '../../db/queries/tickets.ts';
import { invalidField, notFound } from '../../errors.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { fieldEvent, writeTicketAudit } from './ticket-audit.ts';
import { lockTicket, spamTicketError } from './ticket-rules.ts';

export interface CloseTicketInput {
  ticketId: number;
}

/**
 * Closes a solved ticket now instead of waiting for the solved-to-closed days (docs/lifecycle.md:
 * an admin can). From then on it cannot be changed. Closing a closed ticket changes nothing.
 */
export async function closeTicket(ctx: Ctx, { ticketId: id }: CloseTicketInput): Promise<void> {
  authorize(canAdminister(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const t = await lockTicket(ctx, trx, id);
    if (t.state === 'deleted') throw notFound();
    if (t.state === 'spam') throw spamTicketError();
    if (t.status === 'closed') return;
    if (t.status !== 'solved') {
      throw invalidField('status', `Status: only a solved ticket can be closed; this one is ${t.status}.`);
    }
    await updateTicketRow(trx, id, { status: 'closed', updated_at: ctx.now().toISOString() });
    await writeTicketAudit(ctx, trx, id, [fieldEvent('Change', 'status', 'closed', 'solved')]);
    await recordEvent(ctx, trx, { action: 'ticket.closed', subjectType: 'ticket', subjectId: id, details: { cause: 'manual' } });
  });
}

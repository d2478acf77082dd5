import type { Ctx } from '../../context.ts';
import { moveTicketState } from '../../db/queries/tickets.ts';
import { invalidField, notFound } from '../../errors.ts';
import { authorize, canDeleteTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { fieldEvent, writeTicketAudit } from './ticket-audit.ts';
import { actorId, lockTicket } from './ticket-rules.ts';

export interface DeleteTicketInput {
  ticketId: number;
}

/**
 * Moves a ticket to Deleted tickets, remembering who did it and when (the retention clock)
 * and keeping its status, so restore brings it back as it was. Closed tickets too: deleting
 * is the only way to remove data from them (docs/lifecycle.md).
 */
export async function deleteTicket(ctx: Ctx, { ticketId: id }: DeleteTicketInput): Promise<void> {
  authorize(canDeleteTickets(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const t = await lockTicket(ctx, trx, id);
    if (t.state === 'deleted') throw notFound();
    if (t.state === 'spam') {
      throw invalidField('status', 'This ticket is in Spam: delete it forever from the Spam view, or mark it as not spam first.');
    }
    const now = ctx.now().toISOString();
    await moveTicketState(trx, id, 'active', { state: 'deleted', spam_cause: null, state_changed_at: now, state_actor_id: actorId(ctx) });
    await writeTicketAudit(ctx, trx, id, [fieldEvent('Change', 'state', 'deleted', 'active')]);
    await recordEvent(ctx, trx, { action: 'ticket.deleted', subjectType: 'ticket', subjectId: id, details: { status: t.status } });
  });
}

import type { Ctx } from '../../context.ts';
import { moveTicketState } from '../../db/queries/tickets.ts';
import { getUser } from '../../db/queries/users.ts';
import { invalidField } from '../../errors.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { fieldEvent, writeTicketAudit } from './ticket-audit.ts';
import { lockTicket } from './ticket-rules.ts';

export interface NotSpamInput {
  ticketId: number;
}

/**
 * Returns a Spam ticket to the active views with the status it had. The requester stays
 * suspended (restoring them is a separate decision, docs/lifecycle.md). A ticket already active
 * is left as it is.
 */
export async function notSpam(ctx: Ctx, { ticketId: id }: NotSpamInput): Promise<void> {
  authorize(canWorkTickets(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const t = await lockTicket(ctx, trx, id);
    if (t.state === 'active') return;
    if (t.state === 'deleted') {
      throw invalidField('status', 'This ticket is in Deleted tickets, not Spam: restore it from there.');
    }
    const requester = await getUser(trx, t.requester_id);
    if (!requester || requester.deleted_at) {
      throw invalidField('requester', 'The requester is deleted: restore the contact, which brings back the tickets their deletion moved to Spam.');
    }
    await moveTicketState(trx, id, 'spam', { state: 'active', spam_cause: null, state_changed_at: null, state_actor_id: null });
    await writeTicketAudit(ctx, trx, id, [fieldEvent('Change', 'state', 'active', 'spam')]);
    await recordEvent(ctx, trx, {
      action: 'ticket.not_spam',
      subjectType: 'ticket',
      subjectId: id,
      details: { status: t.status, spam_cause: t.spam_cause },
    });
  });
}

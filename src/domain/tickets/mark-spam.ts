import type { Ctx } from '../../context.ts';
import { moveTicketState } from '../../db/queries/tickets.ts';
import { getUser } from '../../db/queries/users.ts';
import { notFound } from '../../errors.ts';
import { suspendInTransaction } from '../contacts/suspend-contact.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { fieldEvent, writeTicketAudit } from './ticket-audit.ts';
import { actorId, lockTicket } from './ticket-rules.ts';

export interface MarkSpamInput {
  ticketId: number;
}

/**
 * Moves a ticket to Spam, keeping its status, and suspends its requester in the same
 * transaction (docs/lifecycle.md). Staff and the owner are never suspended this way: the ticket
 * still goes to Spam. Marking a ticket that is already in Spam changes nothing.
 */
export async function markSpam(ctx: Ctx, { ticketId: id }: MarkSpamInput): Promise<void> {
  authorize(canWorkTickets(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const t = await lockTicket(ctx, trx, id);
    if (t.state === 'deleted') throw notFound();
    if (t.state === 'spam') return;
    const now = ctx.now().toISOString();
    if (!(await moveTicketState(trx, id, 'active', { state: 'spam', spam_cause: 'marked', state_changed_at: now, state_actor_id: actorId(ctx) }))) {
      throw notFound();
    }
    const requester = await getUser(trx, t.requester_id);
    // Suspension is for contacts: policy refuses it for staff and the owner, and a deleted
    // or erased requester has nothing left to suspend. Any other refusal is a real error.
    const suspendable = !!requester && requester.role === 'end-user' && !requester.is_owner && !requester.deleted_at && !requester.erased_at;
    const suspended = suspendable ? await suspendInTransaction(ctx, trx, t.requester_id, 'spam') : false;
    await writeTicketAudit(ctx, trx, id, [fieldEvent('Change', 'state', 'spam', 'active')]);
    await recordEvent(ctx, trx, {
      action: 'ticket.marked_spam',
      subjectType: 'ticket',
      subjectId: id,
      details: { status: t.status, requester_id: t.requester_id, requester_suspended: suspended },
    });
  });
}

import type { Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getTicketForUpdate, moveTicketState } from '../../db/queries/tickets.ts';
import { getUser } from '../../db/queries/users.ts';
import { invalidField, notFound } from '../../errors.ts';
import { authorize, canDeleteTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { fieldEvent, writeTicketAudit } from './ticket-audit.ts';

/**
 * Brings one ticket back from Deleted tickets in the caller's transaction; false when it
 * is not there. A ticket whose requester is deleted would reappear with no one behind it,
 * so that is refused until the contact is restored.
 */
export async function restoreInTransaction(ctx: Ctx, trx: Transaction<Database>, id: number): Promise<boolean> {
  const t = await getTicketForUpdate(trx, id, ctx.caps.rowLocks);
  if (!t || t.state !== 'deleted') return false;
  const requester = await getUser(trx, t.requester_id);
  if (!requester || requester.deleted_at) {
    throw invalidField('requester', `Ticket ${id}: the requester is deleted; restore the contact first.`);
  }
  await moveTicketState(trx, id, 'deleted', { state: 'active', state_changed_at: null, state_actor_id: null });
  await writeTicketAudit(ctx, trx, id, [fieldEvent('Change', 'state', 'active', 'deleted')]);
  await recordEvent(ctx, trx, { action: 'ticket.restored', subjectType: 'ticket', subjectId: id, details: { status: t.status } });
  return true;
}

export interface RestoreTicketInput {
  ticketId: number;
}

/** Restores a deleted ticket as it was: same status, fields and comments (docs/lifecycle.md). */
export async function restoreTicket(ctx: Ctx, { ticketId: id }: RestoreTicketInput): Promise<void> {
  authorize(canDeleteTickets(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await restoreInTransaction(ctx, trx, id))) throw notFound();
  });
}

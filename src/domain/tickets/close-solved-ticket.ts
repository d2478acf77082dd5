import type { Ctx } from '../../context.ts';
import { closeSolvedTicketRow } from '../../db/queries/erasure.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';

export interface CloseSolvedTicketInput {
  ticketId: number;
  /** The ticket closes only if it was solved before this (the solved-to-closed days ago). */
  solvedBefore: string;
}

/**
 * Closes a solved ticket if it is still solved (and active) and was solved before
 * `solvedBefore` (docs/lifecycle.md). The sweep calls it; the condition is checked again in
 * the write, so a ticket reopened since the sweep read it stays open. True if it closed.
 */
export async function closeSolvedTicket(ctx: Ctx, { ticketId, solvedBefore }: CloseSolvedTicketInput): Promise<boolean> {
  authorize(canAdminister(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    const closed = await closeSolvedTicketRow(trx, ticketId, solvedBefore, ctx.now().toISOString());
    if (closed) {
      await recordEvent(ctx, trx, { action: 'ticket.closed', subjectType: 'ticket', subjectId: ticketId, details: { cause: 'solved_to_closed' } });
    }
    return closed;
  });
}

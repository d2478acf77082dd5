import type { Ctx } from '../../context.ts';
import { getTickets, type TicketRow } from '../../db/queries/tickets.ts';
import { ticketShown } from '../policy.ts';

export interface ReadTicketsInput {
  ticketIds: number[];
}

/** The tickets among these ids that /tickets shows (active and Spam), by id; the others are left out. */
export async function readTickets(ctx: Ctx, input: ReadTicketsInput): Promise<TicketRow[]> {
  return (await getTickets(ctx.db, input.ticketIds)).filter((t) => ticketShown(t.state));
}

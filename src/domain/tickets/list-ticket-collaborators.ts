import type { Ctx } from '../../context.ts';
import { collaboratorsOfTickets } from '../../db/queries/tickets.ts';
import type { UserRow } from '../../db/queries/users.ts';
import { readUsers } from '../contacts/read-users.ts';
import { readTicket } from './read-ticket.ts';

export interface ListTicketCollaboratorsInput {
  ticketId: number;
}

/** The people copied on a ticket /tickets shows (its CCs), ascending by id; 404 for a ticket it does not show. */
export async function listTicketCollaborators(ctx: Ctx, input: ListTicketCollaboratorsInput): Promise<UserRow[]> {
  const t = await readTicket(ctx, { ticketId: input.ticketId });
  const rows = await collaboratorsOfTickets(ctx.db, [t.id]);
  return readUsers(ctx, { userIds: rows.map((r) => r.user_id), shown: 'any' });
}

import type { Ctx } from '../../context.ts';
import type { TicketRow } from '../../db/queries/tickets.ts';
import { readUser } from '../contacts/read-user.ts';
import type { PageSource } from '../page-source.ts';
import { listTickets } from './list-tickets.ts';

export interface ListRequestedTicketsInput {
  userId: number;
}

/**
 * The active tickets a user requested, as pages. A deleted contact still has them (in
 * Spam, mostly); an erased one is 404, like an unknown id.
 */
export async function listRequestedTickets(ctx: Ctx, input: ListRequestedTicketsInput): Promise<PageSource<TicketRow>> {
  const user = await readUser(ctx, { userId: input.userId, shown: 'not-erased' });
  return listTickets(ctx, { state: 'active', requesterId: user.id });
}

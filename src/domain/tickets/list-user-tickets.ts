import type { Ctx } from '../../context.ts';
import type { TicketFilter, TicketRow } from '../../db/queries/tickets.ts';
import { readUser } from '../contacts/read-user.ts';
import type { PageSource } from '../page-source.ts';
import { listTickets } from './list-tickets.ts';

export interface ListUserTicketsInput {
  userId: number;
  /** Zendesk's three lists of a user: requested by, copied on (CCs), assigned to. */
  relation: 'requested' | 'ccd' | 'assigned';
}

/**
 * The active tickets a user requested, is copied on or is assigned, as pages. A deleted
 * contact still has them (in Spam, mostly); an erased one is 404, like an unknown id.
 */
export async function listUserTickets(ctx: Ctx, input: ListUserTicketsInput): Promise<PageSource<TicketRow>> {
  const user = await readUser(ctx, { userId: input.userId, shown: 'not-erased' });
  const filter: TicketFilter =
    input.relation === 'requested'
      ? { state: 'active', requesterId: user.id }
      : input.relation === 'ccd'
        ? { state: 'active', collaboratorId: user.id }
        : { state: 'active', all: [{ field: 'assignee_id', op: 'in', values: [user.id] }] };
  return listTickets(ctx, filter);
}

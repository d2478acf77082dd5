import type { Ctx } from '../../context.ts';
import { countTickets, listTickets as listTicketRows, type TicketFilter, type TicketRow } from '../../db/queries/tickets.ts';
import type { PageSource } from '../page-source.ts';

export type { TicketFilter };

/** The tickets in one state (a view), optionally of one requester, as pages. */
export function listTickets(ctx: Ctx, input: TicketFilter): PageSource<TicketRow> {
  return { fetch: (p) => listTicketRows(ctx.db, input, p), count: () => countTickets(ctx.db, input) };
}

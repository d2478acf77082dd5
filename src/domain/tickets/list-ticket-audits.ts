import type { Ctx } from '../../context.ts';
import { countTicketAudits, listTicketAudits as listAuditRows } from '../../db/queries/ticket-audits.ts';
import type { PageSource } from '../page-source.ts';
import { readTicket } from './read-ticket.ts';
import type { TicketAuditRow } from './ticket-audit.ts';

export interface ListTicketAuditsInput {
  ticketId: number;
}

/** The history of a ticket /tickets shows (its audits), as pages; 404 for a ticket it does not show. */
export async function listTicketAudits(ctx: Ctx, input: ListTicketAuditsInput): Promise<PageSource<TicketAuditRow>> {
  const t = await readTicket(ctx, { ticketId: input.ticketId });
  return { fetch: (p) => listAuditRows(ctx.db, t.id, p), count: () => countTicketAudits(ctx.db, t.id) };
}

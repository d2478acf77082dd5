import type { Ctx } from '../../context.ts';
import { getTicketAudit } from '../../db/queries/ticket-audits.ts';
import { notFound } from '../../errors.ts';
import { readTicket } from './read-ticket.ts';
import type { TicketAuditRow } from './ticket-audit.ts';

export interface ReadTicketAuditInput {
  ticketId: number;
  auditId: number;
}

/** One audit of a ticket /tickets shows; 404 for another ticket's audit, as for an unknown id. */
export async function readTicketAudit(ctx: Ctx, input: ReadTicketAuditInput): Promise<TicketAuditRow> {
  const t = await readTicket(ctx, { ticketId: input.ticketId });
  const a = await getTicketAudit(ctx.db, t.id, input.auditId);
  if (!a) throw notFound();
  return a;
}

import type { Ctx } from '../../context.ts';
import { getTicket, type TicketRow } from '../../db/queries/tickets.ts';
import type { TicketState } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { ticketShown } from '../policy.ts';

export type { TicketRow };

export interface ReadTicketInput {
  ticketId: number;
  /** The one state the caller looks in (a view such as Spam); absent: those /tickets shows. */
  inState?: TicketState;
}

/**
 * A ticket the caller may see: through /tickets an active or Spam one (deleted ones live
 * under Deleted tickets), or one in the given state. 404 otherwise, like an unknown id.
 */
export async function readTicket(ctx: Ctx, input: ReadTicketInput): Promise<TicketRow> {
  const t = await getTicket(ctx.db, input.ticketId);
  const seen = t && (input.inState ? t.state === input.inState : ticketShown(t.state));
  if (!t || !seen) throw notFound();
  return t;
}

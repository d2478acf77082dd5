import type { Ctx } from '../../context.ts';
import { countComments, listComments, type CommentRow } from '../../db/queries/comments.ts';
import type { PageSource } from '../page-source.ts';
import { readTicket } from './read-ticket.ts';

export type { CommentRow };

export interface ListTicketCommentsInput {
  ticketId: number;
}

/** The comments of a ticket /tickets shows, as pages; 404 for a ticket it does not show. */
export async function listTicketComments(ctx: Ctx, input: ListTicketCommentsInput): Promise<PageSource<CommentRow>> {
  const t = await readTicket(ctx, { ticketId: input.ticketId });
  return { fetch: (p) => listComments(ctx.db, t.id, p), count: () => countComments(ctx.db, t.id) };
}

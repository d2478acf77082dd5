import type { Ctx } from '../../context.ts';
import { firstCommentsOf } from '../../db/queries/comments.ts';
import { collaboratorsOfTickets, tagsOfTickets } from '../../db/queries/tickets.ts';

export interface ReadTicketExtrasInput {
  ticketIds: number[];
}

/** What showing a page of tickets needs besides their rows: tags, CCs and first comments, one query each. */
export async function readTicketExtras(ctx: Ctx, input: ReadTicketExtrasInput) {
  const [tags, collaborators, firstComments] = await Promise.all([
    tagsOfTickets(ctx.db, input.ticketIds),
    collaboratorsOfTickets(ctx.db, input.ticketIds),
    firstCommentsOf(ctx.db, input.ticketIds),
  ]);
  return { tags, collaborators, firstComments };
}

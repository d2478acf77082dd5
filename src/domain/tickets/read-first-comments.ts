import type { Ctx } from '../../context.ts';
import { firstCommentsOf } from '../../db/queries/comments.ts';

export interface ReadFirstCommentsInput {
  ticketIds: number[];
}

/** The first comment of each of these tickets (its description), in one query. */
export async function readFirstComments(ctx: Ctx, input: ReadFirstCommentsInput) {
  return firstCommentsOf(ctx.db, input.ticketIds);
}

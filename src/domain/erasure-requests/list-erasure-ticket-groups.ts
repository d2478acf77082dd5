import type { Ctx } from '../../context.ts';
import { countTicketGroups, ticketGroups, type TicketGroupRow } from '../../db/queries/erasure-requests.ts';
import type { PageSource } from '../page-source.ts';
import { readErasureRequest } from './read-erasure-request.ts';

export type { TicketGroupRow };

export interface ListErasureTicketGroupsInput {
  requestId: number;
}

/** A request's plan grouped by ticket (each ticket with matches, its counts by decision), as pages; 404 for an unknown request. */
export async function listErasureTicketGroups(ctx: Ctx, input: ListErasureTicketGroupsInput): Promise<PageSource<TicketGroupRow>> {
  const r = await readErasureRequest(ctx, { requestId: input.requestId });
  return { fetch: (p) => ticketGroups(ctx.db, r.id, p), count: () => countTicketGroups(ctx.db, r.id) };
}

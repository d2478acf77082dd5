import type { Ctx } from '../context.ts';
import { activeTicketsByIds, groupsByIds, liveUsersByIds, organizationsByIds, type SearchRow } from '../db/queries/search.ts';

export interface ReadResultsInput {
  rows: SearchRow[];
}

/**
 * The rows behind a page of search results, one query per type. The state filters are
 * applied again: a ticket or user deleted since the search matched is left out.
 */
export async function readResults(ctx: Ctx, input: ReadResultsInput) {
  const idsOf = (type: SearchRow['result_type']) => input.rows.filter((r) => r.result_type === type).map((r) => r.id);
  const [tickets, users, organizations, groups] = await Promise.all([
    activeTicketsByIds(ctx.db, ctx.caps, idsOf('ticket')),
    liveUsersByIds(ctx.db, idsOf('user')),
    organizationsByIds(ctx.db, idsOf('organization')),
    groupsByIds(ctx.db, idsOf('group')),
  ]);
  return { tickets, users, organizations, groups };
}

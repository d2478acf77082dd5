import type { Ctx } from '../../context.ts';
import { countMatches, listMatches, type MatchRow } from '../../db/queries/erasure-requests.ts';
import type { MatchAction, MatchDecision } from '../../shared/erasure-requests.ts';
import type { PageSource } from '../page-source.ts';
import { readErasureRequest } from './read-erasure-request.ts';

export type { MatchRow };

export interface ListErasureMatchesInput {
  requestId: number;
  /** One ticket's matches, or (null) those outside tickets: organizations, profiles. */
  ticketId?: number | null;
  decision?: MatchDecision;
  proposedAction?: MatchAction;
}

/** The matches of a request, filtered, as pages; 404 for an unknown request. */
export async function listErasureMatches(ctx: Ctx, input: ListErasureMatchesInput): Promise<PageSource<MatchRow>> {
  const r = await readErasureRequest(ctx, { requestId: input.requestId });
  const f = { ticketId: input.ticketId, decision: input.decision, action: input.proposedAction };
  return { fetch: (p) => listMatches(ctx.db, r.id, f, p), count: () => countMatches(ctx.db, r.id, f) };
}

import type { Ctx } from '../../context.ts';
import { matchCounts, termsOf, type MatchCount, type TermRow } from '../../db/queries/erasure-requests.ts';

export type { MatchCount, TermRow };

export interface ReadErasureRequestSummaryInput {
  /** A request already read (readErasureRequest, a list page). */
  requestId: number;
}

export interface ErasureRequestSummary {
  /** Every term, oldest first: the profile's, the agent's and the suggestions (a few dozen). */
  terms: TermRow[];
  /** How many matches there are by decision and proposed action (its matches are a list of their own). */
  matchCounts: MatchCount[];
}

/** What a request's answer shows beside its own row: its terms and its match counts. */
export async function readErasureRequestSummary(ctx: Ctx, input: ReadErasureRequestSummaryInput): Promise<ErasureRequestSummary> {
  return { terms: await termsOf(ctx.db, input.requestId), matchCounts: await matchCounts(ctx.db, input.requestId) };
}

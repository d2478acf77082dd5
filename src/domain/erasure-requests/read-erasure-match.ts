import type { Ctx } from '../../context.ts';
import { getMatch, type MatchRow } from '../../db/queries/erasure-requests.ts';
import { notFound } from '../../errors.ts';
import { readErasureRequest } from './read-erasure-request.ts';

export interface ReadErasureMatchInput {
  requestId: number;
  matchId: number;
}

/** One match of a request; 404 for an unknown request, or a match that is not this request's. */
export async function readErasureMatch(ctx: Ctx, input: ReadErasureMatchInput): Promise<MatchRow> {
  const r = await readErasureRequest(ctx, { requestId: input.requestId });
  const m = await getMatch(ctx.db, r.id, input.matchId);
  if (!m) throw notFound();
  return m;
}

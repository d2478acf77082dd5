import type { Ctx } from '../../context.ts';
import { markApplied, recordMatchesToApply, type ErasureRequestRow } from '../../db/queries/erasure-requests.ts';
import type { TermPatterns } from './apply-places.ts';
import { MATCH_KINDS } from './match-kinds.ts';
import { bumpCounts, requestForChange } from './state.ts';

/** Matches outside tickets carried out per step, at most. */
const RECORD_BATCH = 50;

export interface ApplyRecordMatchesInput {
  /** The executing request, as its step read it: a request that moved on since changes nothing. */
  request: ErasureRequestRow;
  patterns: TermPatterns;
}

/**
 * Carries out some confirmed matches outside tickets (organizations, profiles) in one
 * transaction with the progress that records them; each kind applies its own
 * (match-kinds.ts). False when none was left (or the request moved on).
 */
export async function applyRecordMatches(ctx: Ctx, { request: r, patterns }: ApplyRecordMatchesInput): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await requestForChange(ctx, trx, r.id);
    if (cur.status !== 'executing' || cur.job_id !== r.job_id) return false;
    const matches = await recordMatchesToApply(trx, r.id, RECORD_BATCH);
    if (!matches.length) return false;
    const now = ctx.now().toISOString();
    for (const k of MATCH_KINDS) {
      const these = matches.filter((m) => m.location === k.location);
      if (these.length && k.applyRecord) await k.applyRecord(ctx, trx, { r, matches: these, patterns, now });
    }
    // A place no kind carries out (none today) must not hold the execution forever.
    const known = new Set(MATCH_KINDS.filter((k) => k.applyRecord).map((k) => k.location as string));
    await markApplied(trx, matches.filter((m) => !known.has(m.location)).map((m) => m.id), 'gone', now);
    await bumpCounts(trx, cur, { matches_applied: matches.length }, now);
    return true;
  });
}

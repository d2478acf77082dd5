import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { deletePrunedMatches, insertMatches, moveTermStates, termsOf, updateRequest, type ErasureRequestRow } from '../../db/queries/erasure-requests.ts';
import type { Advance } from './advance-erasure-request.ts';
import { MATCH_KINDS } from './match-kinds.ts';
import { requestForChange } from './state.ts';

// Planning (docs/erasure-requests.md step 2) as a sequence of bounded steps, each one transaction that
// stores where it got to: drop the matches of rejected terms, then one phase per kind of
// match (match-kinds.ts: the person's own tickets, subjects, comments, attachment names in
// ranges of ids, raw emails, files they sent, CC lists, tags, custom fields, organizations,
// their organizations' other members), then finish.

const PHASES = ['prune', 'start', ...MATCH_KINDS.map((k) => k.phase), 'finish'] as const;
type Phase = string;

const BATCH = 2000;
export { MAX_SUGGESTIONS } from './plan-text.ts';

type Next = { phase: Phase | null; cursor: number; patch?: Parameters<typeof updateRequest>[2] };

/**
 * Runs `work` in one transaction if the request is still where `r` says (a second runner, a
 * cancellation or a change of terms leaves the step a no-op), then stores the next place.
 */
async function inStep(ctx: Ctx, r: ErasureRequestRow, work: (trx: Kysely<Database>) => Promise<Next>): Promise<Next | null> {
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await requestForChange(ctx, trx, r.id);
    if (cur.status !== 'planning' || cur.job_id !== r.job_id || cur.plan_phase !== r.plan_phase || cur.plan_cursor !== r.plan_cursor) return null;
    const next = await work(trx);
    await updateRequest(trx, r.id, { plan_phase: next.phase, plan_cursor: next.cursor, updated_at: ctx.now().toISOString(), ...next.patch });
    return next;
  });
}

function after(phase: Phase): Phase {
  return PHASES[PHASES.indexOf(phase) + 1] ?? 'finish';
}

/** One step of planning; done when the request is ready (or moved on). */
export async function planStep(ctx: Ctx, r: ErasureRequestRow): Promise<Advance> {
  const phase = PHASES.includes(r.plan_phase as never) ? r.plan_phase! : 'finish';
  const now = ctx.now().toISOString();
  const next = await inStep(ctx, r, async (trx): Promise<Next> => {
    if (phase === 'prune') {
      const gone = await deletePrunedMatches(trx, r.id, BATCH);
      if (gone === BATCH) return { phase, cursor: 0 };
      await moveTermStates(trx, r.id, ['prune'], 'idle', now);
      return { phase: 'start', cursor: 0 };
    }
    if (phase === 'start') {
      await moveTermStates(trx, r.id, ['pending'], 'running', now, true);
      await moveTermStates(trx, r.id, ['pending'], 'idle', now);
      return { phase: after(phase), cursor: 0 };
    }
    if (phase === 'finish') {
      await moveTermStates(trx, r.id, ['running'], 'done', now);
      const waiting = await termsOf(trx, r.id, { states: ['pending', 'prune'] });
      // Terms changed while this pass ran: another pass for them.
      if (waiting.length) return { phase: 'prune', cursor: 0, patch: { plan_pass: r.plan_pass + 1 } };
      return { phase: null, cursor: 0, patch: { status: 'ready', job_id: null } };
    }
    const kind = MATCH_KINDS.find((k) => k.phase === phase)!;
    const step = await kind.plan(ctx, trx, r, now);
    await insertMatches(trx, step.matches);
    return step.cursor === null ? { phase: after(phase), cursor: 0 } : { phase, cursor: step.cursor };
  });
  const at = next?.phase ?? null;
  const done = !next || at === null;
  return { done, progress: done ? PHASES.length : PHASES.indexOf(at!), total: PHASES.length, message: done ? 'Planned.' : `Planning: ${at}.` };
}

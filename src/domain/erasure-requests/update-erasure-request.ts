import { matchKind } from './match-kinds.ts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getUser, identitiesOf } from '../../db/queries/users.ts';
import {
  insertTerms,
  matchesByIds,
  moveTermStates,
  setDecision,
  termsOf,
  updateRequest,
  updateTerms,
  type ErasureRequestRow,
} from '../../db/queries/erasure-requests.ts';
import { invalidField } from '../../errors.ts';
import type { ErasureRequestUpdate } from '../../shared/erasure-requests.ts';
import { authorize, canManageUser, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { extensionEnd, extensionLimitFor } from './due-dates.ts';
import { PLAN_JOB, queueRequestJob, requestForChange, requireNotErased, requireStatus } from './state.ts';
import { classifyTerm, countryOf, uniqueTerms } from './terms.ts';

type Stats = Record<string, number | boolean>;

/** Terms a request may hold in all (profile, added and suggested). */
export const MAX_TERMS = 200;

export interface UpdateErasureRequestInput {
  requestId: number;
  changes: ErasureRequestUpdate;
}

/**
 * Changes an erasure request: adds terms, accepts or rejects terms (suggestions included),
 * records decisions on matches (people share names: every match is confirmed or rejected
 * before anything is executed), extends the deadline with a reason, or plans again.
 * Changing the terms sends the request back to planning; decisions made are kept.
 */
export async function updateErasureRequest(ctx: Ctx, { requestId: id, changes }: UpdateErasureRequestInput): Promise<void> {
  authorize(canWorkTickets(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const r = await requestForChange(ctx, trx, id);
    requireNotErased(r);
    requireStatus(r, ['planning', 'ready', 'executing', 'failed', 'verification_failed'], 'it can no longer be changed.');
    const user = await getUser(trx, r.user_id);
    if (user) authorize(canManageUser(ctx.actor!, user, 'delete'));
    const now = ctx.now().toISOString();
    const touchesTerms = !!(changes.extra_terms?.length || changes.accept_terms?.length || changes.reject_terms?.length || changes.replan);
    const decides = !!(changes.decisions?.length || changes.confirm_all);
    if (r.status === 'executing' && (touchesTerms || decides)) {
      throw invalidField('status', 'This erasure request is executing: its terms and decisions cannot change now.');
    }
    const stats: Stats = {};
    let replan = false;
    if (changes.extra_terms?.length) replan = (await addTerms(ctx, trx, r, changes.extra_terms, now, stats)) || replan;
    if (changes.accept_terms?.length || changes.reject_terms?.length) {
      replan = (await decideTerms(trx, r, changes.accept_terms ?? [], changes.reject_terms ?? [], now, stats)) || replan;
    }
    if (changes.replan) {
      stats.replan = true;
      await moveTermStates(trx, r.id, ['done', 'running'], 'pending', now, true);
      replan = true;
    }
    if (changes.decisions?.length) await decideMatches(trx, r, changes.decisions, now, stats);
    if (changes.confirm_all) stats.confirmed_all = await setDecision(trx, r.id, 'all-pending', 'confirm', now);
    const patch: Parameters<typeof updateRequest>[2] = { updated_at: now };
    if (changes.extension) {
      const until = checkExtension(ctx, r, changes.extension.until);
      patch.extended_until = until;
      patch.extension_reason = changes.extension.reason;
      stats.extended = true;
    }
    if (replan) {
      patch.status = 'planning';
      if (r.plan_phase === null) Object.assign(patch, { plan_phase: 'prune', plan_cursor: 0, plan_pass: r.plan_pass + 1 });
      // A running plan job picks the new terms up when its pass ends; otherwise start one.
      if (!r.job_id) patch.job_id = await queueRequestJob(ctx, trx, PLAN_JOB, r.id);
    }
    await updateRequest(trx, r.id, patch);
    await recordEvent(ctx, trx, { action: 'erasure_request.updated', subjectType: 'erasure_request', subjectId: r.id, details: stats });
  });
}

/** Adds the agent's terms; one the request already has (say, a rejected suggestion) is accepted instead. */
async function addTerms(ctx: Ctx, trx: Kysely<Database>, r: ErasureRequestRow, texts: string[], now: string, stats: Stats): Promise<boolean> {
  const phones = (await identitiesOf(trx, [r.user_id])).filter((i) => i.type === 'phone_number').map((i) => i.value);
  const specs = uniqueTerms(texts.map((t) => classifyTerm(t, countryOf(phones))));
  if (specs.length === 0) throw invalidField('extra_terms', 'Extra terms: each needs at least three letters or digits.');
  const existing = new Map((await termsOf(trx, r.id)).map((t) => [t.value_key, t]));
  const fresh = specs.filter((s) => !existing.has(s.key));
  // Terms are shown with the request and searched at every pass: a bounded list.
  if (existing.size + fresh.length > MAX_TERMS) throw invalidField('extra_terms', `Extra terms: a request holds at most ${MAX_TERMS} terms.`);
  stats.terms_added = await insertTerms(
    trx,
    fresh.map((s) => ({ request_id: r.id, kind: s.kind, value: s.value, value_key: s.key, source: 'added', accepted: 1, plan_state: 'pending', created_at: now, updated_at: now })),
  );
  const toAccept = specs.flatMap((s) => {
    const t = existing.get(s.key);
    return t && !t.accepted ? [t.id] : [];
  });
  await updateTerms(trx, r.id, toAccept, { accepted: 1, plan_state: 'pending', updated_at: now });
  return stats.terms_added > 0 || toAccept.length > 0;
}

async function decideTerms(trx: Kysely<Database>, r: ErasureRequestRow, accept: number[], reject: number[], now: string, stats: Stats): Promise<boolean> {
  const both = accept.find((i) => reject.includes(i));
  if (both !== undefined) throw invalidField('accept_terms', `Terms: term ${both} cannot be accepted and rejected at once.`);
  const terms = new Map((await termsOf(trx, r.id)).map((t) => [t.id, t]));
  for (const [field, ids] of [['accept_terms', accept], ['reject_terms', reject]] as const) {
    const unknown = ids.find((i) => !terms.has(i));
    if (unknown !== undefined) throw invalidField(field, `Terms: there is no term ${unknown} in this erasure request.`);
  }
  const toAccept = accept.filter((i) => !terms.get(i)!.accepted);
  const toReject = reject.filter((i) => terms.get(i)!.accepted);
  await updateTerms(trx, r.id, toAccept, { accepted: 1, plan_state: 'pending', updated_at: now });
  // Its matches are dropped by the planner (in batches: a common name can have many).
  await updateTerms(trx, r.id, toReject, { accepted: 0, plan_state: 'prune', updated_at: now });
  stats.terms_accepted = toAccept.length;
  stats.terms_rejected = toReject.length;
  return toAccept.length + toReject.length > 0;
}

async function decideMatches(trx: Kysely<Database>, r: ErasureRequestRow, decisions: { match_id: number; decision: 'confirm' | 'reject' }[], now: string, stats: Stats) {
  const ids = [...new Set(decisions.map((d) => d.match_id))];
  const found = new Map((await matchesByIds(trx, r.id, ids)).map((m) => [m.id, m]));
  const missing = ids.find((i) => !found.has(i));
  if (missing !== undefined) throw invalidField('decisions', `Decisions: there is no match ${missing} in this erasure request.`);
  for (const d of decisions) {
    const m = found.get(d.match_id)!;
    if (m.applied_at) throw invalidField('decisions', `Decisions: match ${m.id} has already been carried out.`);
    // Some places are decided by the erasure itself (match-kinds.ts): a rejection would be a promise not kept.
    const refuse = matchKind(m.location)?.refuseReject;
    if (refuse && d.decision === 'reject') throw invalidField('decisions', refuse(m.id));
  }
  // The last decision given for a match wins.
  const last = new Map(decisions.map((d) => [d.match_id, d.decision]));
  for (const decision of ['confirm', 'reject'] as const) {
    const these = [...last].filter(([, v]) => v === decision).map(([k]) => k);
    if (these.length) stats[`decisions_${decision}`] = await setDecision(trx, r.id, these, decision, now);
  }
}

/**
 * The extension's end, checked (Art. 12(3)): after the due date, at most two further months,
 * decided while the first month runs (or changing an extension decided in time).
 */
function checkExtension(ctx: Ctx, r: ErasureRequestRow, until: string): string {
  const end = extensionEnd(until, r.received_at);
  const limit = extensionLimitFor(r.received_at);
  const day = (iso: string) => iso.slice(0, 10);
  if (ctx.now().toISOString() > r.due_at && !r.extended_until) {
    throw invalidField('extension.until', `Extension: the month to answer ended on ${day(r.due_at)}; an extension must be decided before then.`);
  }
  if (end <= r.due_at) throw invalidField('extension.until', `Extension: must end after the due date, ${day(r.due_at)}.`);
  if (end > limit) throw invalidField('extension.until', `Extension: at most two further months, so no later than ${day(limit)}.`);
  return end;
}

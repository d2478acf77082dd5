import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getUser } from '../../db/queries/users.ts';
import { markErasing, userForErasure } from '../../db/queries/erasure.ts';
import { appliedTotals, getRequest, termsOf, ticketsToApply, updateRequest, type ErasureRequestRow } from '../../db/queries/erasure-requests.ts';
import { countIdentitiesOf, countRequestData, countUnerasedRequestedTickets, markExecutionStarted, unerasedRequestedTickets } from '../../db/queries/erasure-request-planning.ts';
import { keptSentFiles } from '../../db/queries/erasure-request-mail.ts';
import { notFound } from '../../errors.ts';
import type { TermKind } from '../../shared/erasure-requests.ts';
import { authorize, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { deleteContact } from '../contacts/delete-contact.ts';
import { eraseContact } from '../contacts/erase-contact.ts';
import { assertMapCoversSchema, pendingSurvivors } from '../erasure/walker.ts';
import { checkpointAfter } from '../redaction/common.ts';
import { eraseTicketsInTransaction } from '../tickets/erase-ticket.ts';
import type { Advance } from './advance-erasure-request.ts';
import { applyTicketMatches, type TermPatterns } from './apply-ticket-matches.ts';
import { applyRecordMatches } from './apply-record-matches.ts';
import { peerIdsOf } from './record-places.ts';
import { termPattern } from './matching.ts';
import { bumpCounts, readCounts, requestForChange } from './state.ts';
import { termVariants } from './terms.ts';
import { identifierNeedles, locateHits, locateIdentifiers, scanDatabaseFiles, searchAgain, searchAll, FOUND_IDS, type Found, type VerifyTerm } from './verify-erasure.ts';
import { acceptedTermRows, deleteRequestData, identityIdsOf, rejectedMatches, rejectedPlaces, setErasedAt } from '../../db/queries/erasure-verification.ts';
import { insertMatches, insertTerms } from '../../db/queries/erasure-requests.ts';
import { eraseRow, eraseRows } from '../erasure/walker.ts';

// Execution (docs/erasure-requests.md steps 3 and 4) as bounded steps, each committing its own progress:
// apply the confirmed matches ticket by ticket, search every accepted term again, delete the
// person (if they were not already), erase their tickets in batches, and erase them last.

const PHASES = ['apply', 'verify', 'delete_user', 'erase_tickets', 'erase_user'] as const;
type Phase = (typeof PHASES)[number];
const APPLY_TICKETS = 10;
const ERASE_TICKETS = 20;

type Verification = Record<string, unknown>;

/** Runs `work` in one transaction if the request is still executing under this job and phase; stores the next place. */
async function inStep(
  ctx: Ctx,
  r: ErasureRequestRow,
  work: (trx: Transaction<Database>, cur: ErasureRequestRow) => Promise<{ phase: string; cursor: number; patch?: Parameters<typeof updateRequest>[2] }>,
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await requestForChange(ctx, trx, r.id);
    if (cur.status !== 'executing' || cur.job_id !== r.job_id || cur.exec_phase !== r.exec_phase || cur.exec_cursor !== r.exec_cursor) return false;
    const next = await work(trx, cur);
    await updateRequest(trx, r.id, { exec_phase: next.phase, exec_cursor: next.cursor, updated_at: ctx.now().toISOString(), ...next.patch });
    return true;
  });
}

async function acceptedTerms(db: Kysely<Database>, requestId: number): Promise<VerifyTerm[]> {
  return (await termsOf(db, requestId, { accepted: true })).map((t) => ({ id: t.id, kind: t.kind, value: t.value }));
}

function patternsOf(terms: VerifyTerm[]): TermPatterns {
  const out: TermPatterns = new Map();
  for (const t of terms) {
    const p = termPattern(termVariants(t.kind as TermKind, t.value));
    if (p) out.set(t.id, p);
  }
  return out;
}

/** One step of an execution; done when the request is completed, failed verification, or moved on. */
export async function executeStep(ctx: Ctx, r: ErasureRequestRow): Promise<Advance> {
  await assertMapCoversSchema(ctx);
  const now = ctx.now().toISOString();
  if (!r.execution_started_at) await markExecutionStarted(ctx.db, r.id, now);
  const phase = (r.exec_phase ?? 'apply') as Phase;
  let finished: string | null = null;
  switch (phase) {
    case 'apply': {
      const patterns = patternsOf(await acceptedTerms(ctx.db, r.id));
      // Organizations and profiles first, some per step; then the tickets.
      if (await applyRecordMatches(ctx, { request: r, patterns })) break;
      const tickets = await ticketsToApply(ctx.db, r.id, r.exec_cursor, APPLY_TICKETS);
      for (const id of tickets) await applyTicketMatches(ctx, { request: r, ticketId: id, patterns });
      await checkpointAfter(ctx, 'erasure_request.applied', { erasure_request_id: r.id });
      await inStep(ctx, r, async () => (tickets.length < APPLY_TICKETS ? { phase: 'verify', cursor: 0 } : { phase, cursor: tickets[tickets.length - 1]! }));
      break;
    }
    case 'verify':
      finished = await verifyBeforeErasure(ctx, r);
      break;
    case 'delete_user': {
      const user = await getUser(ctx.db, r.user_id);
      if (!user) throw notFound();
      // Soft delete first, as anyone would (their tickets leave the views, their addresses are released).
      if (!user.deleted_at && !user.erased_at) await deleteContact(ctx, { userId: user.id });
      await inStep(ctx, r, async (trx) => {
        const u = await userForErasure(trx, r.user_id, ctx.caps.rowLocks);
        if (!u) throw notFound();
        authorize(canManageUser(ctx.actor!, u, 'erase'));
        // From here a restore is refused and eraseContact knows an erasure is under way.
        if (!u.erased_at && !u.erasing_since) await markErasing(trx, u.id, now);
        return { phase: 'erase_tickets', cursor: 0 };
      });
      break;
    }
    case 'erase_tickets': {
      await inStep(ctx, r, async (trx, cur) => {
        const ids = await unerasedRequestedTickets(trx, r.user_id, ERASE_TICKETS);
        await eraseTicketsInTransaction(ctx, trx, ids);
        await bumpCounts(trx, cur, { erased_requested_tickets: ids.length }, now);
        return { phase: ids.length < ERASE_TICKETS ? 'erase_user' : phase, cursor: 0 };
      });
      await checkpointAfter(ctx, 'erasure_request.tickets_erased', { erasure_request_id: r.id });
      break;
    }
    case 'erase_user':
      finished = await eraseLast(ctx, r, now);
      break;
  }
  const cur = (await getRequest(ctx.db, r.id))!;
  const c = readCounts(cur);
  const at = cur.exec_phase === 'done' ? PHASES.length : PHASES.indexOf((cur.exec_phase ?? 'apply') as Phase);
  const progress = c.matches_applied + c.erased_requested_tickets + (at >= 2 ? 1 : 0) + (cur.status === 'completed' ? 1 : 0);
  const done = finished !== null || cur.status !== 'executing' || cur.job_id !== r.job_id;
  return { done, ok: cur.status === 'completed', progress, total: Math.max(c.work_total, progress), message: finished ?? `Erasure: ${cur.exec_phase ?? phase}.` };
}

/**
 * Every confirmed match is applied: search every accepted term again. A hit outside the
 * places the agent rejected means data the execution did not remove (new since planning, or
 * in a place no match covered); the person is then not erased (their profile is what finds
 * it) and the request is `verification_failed`, listing where (POST …/fix removes it).
 */
async function verifyBeforeErasure(ctx: Ctx, r: ErasureRequestRow): Promise<string | null> {
  const terms = await acceptedTerms(ctx.db, r.id);
  const before = await searchAgain(ctx.db, ctx.caps, r.id, r.user_id, terms);
  const found = before.hits_outside_rejected > 0 ? await locateHits(ctx.db, ctx.caps, r.user_id, terms, await rejectedPlaces(ctx.db, r.id)) : [];
  const totals = await appliedTotals(ctx.db, r.id);
  const all = await termsOf(ctx.db, r.id);
  let message: string | null = null;
  await inStep(ctx, r, async (trx, cur) => {
    const c = readCounts(cur);
    Object.assign(c, {
      redacted_comments: totals.comments,
      redacted_attachments: totals.attachments,
      redacted_subjects: totals.subjects,
      removed_tags: totals.tags,
      cleared_fields: totals.fields,
      redacted_organizations: totals.organizations,
      redacted_profiles: totals.profiles,
      skipped_matches: totals.skipped,
      rejected_matches: totals.rejected,
      terms_accepted: terms.length,
      terms_rejected: all.length - terms.length,
    });
    if (before.hits_outside_rejected > 0) {
      const verification: Verification = { search_before_erasure: before, found, passed: false };
      message = `Verification found ${before.hits_outside_rejected} places that still hold accepted terms: fix and verify again.`;
      await recordEvent(ctx, trx, { action: 'erasure_request.verification_failed', subjectType: 'erasure_request', subjectId: r.id, details: { before_erasure: true, hits: before.hits_outside_rejected, places: found.length } });
      return { phase: 'verify', cursor: 0, patch: { counts: JSON.stringify(c), verification: JSON.stringify(verification), status: 'verification_failed', job_id: null, fix_job_id: null } };
    }
    return { phase: 'delete_user', cursor: 0, patch: { counts: JSON.stringify(c), verification: JSON.stringify({ search_before_erasure: before }) } };
  });
  return message;
}

/**
 * A fix after the person was erased by an earlier run: the stub is erased again (whatever
 * still references it goes, by the map; its first erasure time stays), and the request's
 * terms and matches, kept for the fix, are deleted before the check.
 */
async function eraseWhatIsLeft(ctx: Ctx, r: ErasureRequestRow, erasedAt: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    for (const batch of await pendingSurvivors(ctx, trx, 'users', r.user_id, 1000)) {
      await (batch.table === 'tickets' ? eraseTicketsInTransaction(ctx, trx, batch.ids) : eraseRows(ctx, trx, batch.table, batch.ids));
    }
    await eraseRow(ctx, trx, 'users', r.user_id);
    await setErasedAt(trx, r.user_id, erasedAt);
    await deleteRequestData(trx, r.id);
  });
}

/**
 * The person is erased last (eraseContact: the stub, their identities, their remaining
 * tickets, this request's terms and matches), then the erasure is checked: the terms
 * searched again (while this run still holds them in memory), what is left of the person,
 * and on SQLite a checkpoint and a scan of the files' bytes for their identifiers. Clean:
 * `completed`. Anything found: `verification_failed`, with where it was found, and the
 * accepted terms and rejected places are put back on the request, for the fix to use.
 */
async function eraseLast(ctx: Ctx, r: ErasureRequestRow, now: string): Promise<string> {
  const termRows = await acceptedTermRows(ctx.db, r.id);
  const terms: VerifyTerm[] = termRows.map((t) => ({ id: t.id, kind: t.kind, value: t.value }));
  const rejected = await rejectedMatches(ctx.db, r.id);
  const user = await getUser(ctx.db, r.user_id);
  if (!user) throw notFound();
  // Their organizations' other members, while the memberships still say who they are: searched again after.
  const peerIds = await peerIdsOf(ctx.db, r.user_id);
  // Files they sent that the agent decided to keep stay; any other is redacted by the erasure.
  if (!user.erased_at) await eraseContact(ctx, { userId: user.id, keepAttachmentIds: await keptSentFiles(ctx.db, r.id), verify: false });
  else await eraseWhatIsLeft(ctx, r, user.erased_at);
  const after = terms.length ? await searchAll(ctx.db, ctx.caps, r.id, r.user_id, terms, peerIds) : null;
  const hitPlaces = terms.length ? await locateHits(ctx.db, ctx.caps, r.user_id, terms, rejected) : [];
  const checkpoint = ctx.checkpoint ? await ctx.checkpoint() : null;
  const needles = identifierNeedles(terms);
  const scan = terms.length ? await scanDatabaseFiles(ctx.db, ctx.caps, needles) : { status: 'skipped' as const, reason: 'terms_already_erased' as const };
  const erased = await getUser(ctx.db, r.user_id);
  const left = {
    user_erased: !!erased?.erased_at,
    requested_tickets_left: await countUnerasedRequestedTickets(ctx.db, r.user_id),
    identities_left: await countIdentitiesOf(ctx.db, r.user_id),
    request_data_left: await countRequestData(ctx.db, r.id),
  };
  const found: Found[] = [...hitPlaces];
  if (!left.user_erased) found.push({ store: 'users', count: 1, ids: [r.user_id] });
  if (left.requested_tickets_left) found.push({ store: 'tickets.requester_id', count: left.requested_tickets_left, ids: await unerasedRequestedTickets(ctx.db, r.user_id, FOUND_IDS) });
  if (left.identities_left) found.push({ store: 'identities', count: left.identities_left, ids: await identityIdsOf(ctx.db, r.user_id, FOUND_IDS) });
  if (left.request_data_left) found.push({ store: 'erasure_request_terms+matches', count: left.request_data_left });
  if (scan.status === 'found') {
    for (const [file, hits] of Object.entries(scan.hits_by_file ?? {})) found.push({ store: `file:${file}`, count: hits });
    found.push(...(await locateIdentifiers(ctx.db, ctx.caps, needles)));
  }
  if (checkpoint?.busy) found.push({ store: 'checkpoint_busy', count: 1 });
  let message = 'Completed.';
  await inStep(ctx, r, async (trx, cur) => {
    const v = JSON.parse(cur.verification ?? '{}') as Verification;
    const before = (v.search_before_erasure ?? { hits_outside_rejected: 0, hits_in_rejected: 0 }) as { hits_outside_rejected: number; hits_in_rejected: number };
    const searchAfter = after === null ? null : { terms: terms.length, hits: after, hits_in_rejected: before.hits_in_rejected, unexplained_hits: hitPlaces.reduce((a, f) => a + f.count, 0) };
    const passed =
      before.hits_outside_rejected === 0 &&
      left.user_erased &&
      left.requested_tickets_left === 0 &&
      left.identities_left === 0 &&
      left.request_data_left === 0 &&
      (searchAfter === null || searchAfter.unexplained_hits === 0) &&
      scan.status !== 'found' &&
      !checkpoint?.busy;
    const verification = { search_before_erasure: v.search_before_erasure, search_after_erasure: searchAfter, ...left, checkpoint: checkpoint ? { busy: checkpoint.busy } : null, byte_scan: scan, found, passed };
    const c = readCounts(cur);
    if (!passed) {
      message = `Verification found something in ${found.length} ${found.length === 1 ? 'place' : 'places'} after the erasure: fix and verify again.`;
      await keepForFix(trx, r.id, termRows, rejected, now);
      await recordEvent(ctx, trx, { action: 'erasure_request.verification_failed', subjectType: 'erasure_request', subjectId: r.id, details: { before_erasure: false, places: found.length } });
      return { phase: 'erase_user', cursor: 0, patch: { status: 'verification_failed', job_id: null, fix_job_id: null, verification: JSON.stringify(verification) } };
    }
    await recordEvent(ctx, trx, {
      action: 'erasure_request.completed',
      subjectType: 'erasure_request',
      subjectId: r.id,
      details: {
        user_id: r.user_id,
        redacted_comments: c.redacted_comments,
        redacted_attachments: c.redacted_attachments,
        redacted_subjects: c.redacted_subjects,
        erased_tickets: c.erased_tickets,
        erased_requested_tickets: c.erased_requested_tickets,
        verified: true,
      },
    });
    return { phase: 'done', cursor: 0, patch: { status: 'completed', completed_at: now, job_id: null, fix_job_id: null, verification: JSON.stringify(verification) } };
  });
  return message;
}

/**
 * After a failed check that followed the erasure: the accepted terms and the places the
 * agent rejected (without their snippets) go back on the request, so that a fix can search
 * for what is left without touching someone else's data. They go again at the next check.
 */
async function keepForFix(trx: Kysely<Database>, requestId: number, terms: Awaited<ReturnType<typeof acceptedTermRows>>, rejected: Awaited<ReturnType<typeof rejectedMatches>>, now: string): Promise<void> {
  await deleteRequestData(trx, requestId);
  await insertTerms(
    trx,
    terms.map((t) => ({ request_id: requestId, kind: t.kind, value: t.value, value_key: t.value_key, source: t.source, accepted: 1, plan_state: 'done', created_at: t.created_at, updated_at: now })),
  );
  const byKey = new Map((await termsOf(trx, requestId)).map((t) => [t.value_key, t.id]));
  const idOf = new Map(terms.flatMap((t) => (byKey.has(t.value_key) ? [[t.id, byKey.get(t.value_key)!] as const] : [])));
  await insertMatches(
    trx,
    rejected.flatMap((m) => {
      if (m.term_id !== null && !idOf.has(m.term_id)) return [];
      const { id: _id, ...rest } = m;
      return [{ ...rest, term_id: m.term_id === null ? null : idOf.get(m.term_id)!, snippet: null, updated_at: now }];
    }),
  );
}

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
import { assertMapCoversSchema } from '../erasure/walker.ts';
import { checkpointAfter } from '../redaction/common.ts';
import { eraseTicketInTransaction } from '../tickets/erase-ticket.ts';
import type { Advance } from './advance-erasure-request.ts';
import { applyTicketMatches, type TermPatterns } from './apply-ticket-matches.ts';
import { termPattern } from './matching.ts';
import { bumpCounts, readCounts, requestForChange } from './state.ts';
import { termVariants } from './terms.ts';
import { identifierNeedles, scanDatabaseFiles, searchAgain, searchAll, type VerifyTerm } from './verify-erasure.ts';

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
      const tickets = await ticketsToApply(ctx.db, r.id, r.exec_cursor, APPLY_TICKETS);
      for (const id of tickets) await applyTicketMatches(ctx, r, id, patterns);
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
      if (!user.deleted_at && !user.erased_at) await deleteContact(ctx, user.id);
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
        for (const id of ids) await eraseTicketInTransaction(ctx, trx, id);
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
 * places the agent rejected means new data arrived since planning; the person is then not
 * erased (their profile is what finds it) and the request fails, to be planned again.
 */
async function verifyBeforeErasure(ctx: Ctx, r: ErasureRequestRow): Promise<string | null> {
  const terms = await acceptedTerms(ctx.db, r.id);
  const before = await searchAgain(ctx.db, ctx.caps, r.id, r.user_id, terms);
  const totals = await appliedTotals(ctx.db, r.id);
  const all = await termsOf(ctx.db, r.id);
  let message: string | null = null;
  await inStep(ctx, r, async (trx, cur) => {
    const c = readCounts(cur);
    Object.assign(c, {
      redacted_comments: totals.comments,
      redacted_attachments: totals.attachments,
      redacted_subjects: totals.subjects,
      rejected_matches: totals.rejected,
      terms_accepted: terms.length,
      terms_rejected: all.length - terms.length,
    });
    const verification: Verification = { search_before_erasure: before };
    const patch = { counts: JSON.stringify(c), verification: JSON.stringify(verification) };
    if (before.hits_outside_rejected > 0) {
      message = `Verification found ${before.hits_outside_rejected} places that still hold accepted terms (new since planning?): plan again, decide, and execute again.`;
      await recordEvent(ctx, trx, { action: 'erasure_request.verification_failed', subjectType: 'erasure_request', subjectId: r.id, details: { hits: before.hits_outside_rejected } });
      return { phase: 'verify', cursor: 0, patch: { ...patch, status: 'failed', job_id: null } };
    }
    return { phase: 'delete_user', cursor: 0, patch };
  });
  return message;
}

/**
 * The person is erased last (eraseContact: the stub, their identities, their remaining
 * tickets, this request's terms and matches), then the erasure is checked: the terms
 * searched again (while this run still holds them in memory), what is left of the person,
 * and on SQLite a checkpoint and a scan of the files' bytes for their identifiers.
 */
async function eraseLast(ctx: Ctx, r: ErasureRequestRow, now: string): Promise<string> {
  const terms = await acceptedTerms(ctx.db, r.id);
  const user = await getUser(ctx.db, r.user_id);
  if (!user) throw notFound();
  // Files they sent that the agent decided to keep stay; any other is redacted by the erasure.
  if (!user.erased_at) await eraseContact(ctx, user.id, { keepAttachmentIds: await keptSentFiles(ctx.db, r.id) });
  const after = terms.length ? await searchAll(ctx.db, ctx.caps, r.id, r.user_id, terms) : null;
  const checkpoint = ctx.checkpoint ? await ctx.checkpoint() : null;
  const scan = terms.length ? await scanDatabaseFiles(ctx.db, ctx.caps, identifierNeedles(terms)) : { status: 'skipped' as const, reason: 'terms_already_erased' as const };
  const erased = await getUser(ctx.db, r.user_id);
  const left = {
    user_erased: !!erased?.erased_at,
    requested_tickets_left: await countUnerasedRequestedTickets(ctx.db, r.user_id),
    identities_left: await countIdentitiesOf(ctx.db, r.user_id),
    request_data_left: await countRequestData(ctx.db, r.id),
  };
  let message = 'Completed.';
  await inStep(ctx, r, async (trx, cur) => {
    const v = JSON.parse(cur.verification ?? '{}') as Verification;
    const before = (v.search_before_erasure ?? { hits_outside_rejected: 0, hits_in_rejected: 0 }) as { hits_outside_rejected: number; hits_in_rejected: number };
    const searchAfter = after === null ? null : { terms: terms.length, hits: after, hits_in_rejected: before.hits_in_rejected, unexplained_hits: Math.max(0, after - before.hits_in_rejected) };
    const passed =
      before.hits_outside_rejected === 0 &&
      left.user_erased &&
      left.requested_tickets_left === 0 &&
      left.identities_left === 0 &&
      left.request_data_left === 0 &&
      (searchAfter === null || searchAfter.unexplained_hits === 0) &&
      scan.status !== 'found' &&
      !checkpoint?.busy;
    const verification = { ...v, search_after_erasure: searchAfter, ...left, checkpoint: checkpoint ? { busy: checkpoint.busy } : null, byte_scan: scan, passed };
    if (!passed) message = 'Completed, but verification did not pass: see the certificate.';
    const c = readCounts(cur);
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
        verified: passed,
      },
    });
    return { phase: 'done', cursor: 0, patch: { status: 'completed', completed_at: now, job_id: null, verification: JSON.stringify(verification) } };
  });
  return message;
}

import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { identitiesOf } from '../../db/queries/users.ts';
import { rawMessageData } from '../../db/queries/redaction.ts';
import { deletePrunedMatches, insertMatches, insertTerms, moveTermStates, termsOf, updateRequest, type ErasureRequestRow, type NewMatch } from '../../db/queries/erasure-requests.ts';
import { commentTexts, commentsByAuthorIn, hitsIn, maxIdOf, rawMailCandidateTickets, rawMessagesOfTicket, requestedTickets, staffIdentityKeys, type HitSource } from '../../db/queries/erasure-request-planning.ts';
import type { MatchLocation } from '../../shared/erasure-requests.ts';
import type { Advance } from './advance-erasure-request.ts';
import { findIdentifiers } from './identifiers.ts';
import { occurrences, proposedAction, snippetAt, termPattern } from './matching.ts';
import { rawMessageText } from './raw-text.ts';
import { planCcLists, planSentFiles } from './plan-mail.ts';
import { requestForChange } from './state.ts';
import { countryOf, termVariants, type TermVariant } from './terms.ts';

// Planning (docs/erasure-requests.md step 2) as a sequence of bounded steps, each one transaction that
// stores where it got to: drop the matches of rejected terms, list the person's own tickets,
// search subjects, comments and attachment names in ranges of ids, look through the raw
// emails of the tickets that may name them; suggestions come from what they wrote.

const PHASES = ['prune', 'start', 'requested', 'subject', 'comment', 'attachment_name', 'raw', 'sent_files', 'cc_lists', 'finish'] as const;
type Phase = (typeof PHASES)[number];

/** Ids of a table searched per step, and rows read per step at most. */
const SPAN = 50_000;
const HIT_LIMIT = 500;
const BATCH = 2000;
const RAW_TICKETS = 10;
export const MAX_SUGGESTIONS = 50;

const SOURCE_TABLE = { subject: 'tickets', comment: 'comments', attachment_name: 'attachments' } as const;

interface PassTerm {
  id: number;
  variants: TermVariant[];
  pattern: RegExp;
}

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

async function passTerms(trx: Kysely<Database>, requestId: number): Promise<PassTerm[]> {
  return (await termsOf(trx, requestId, { states: ['running'] })).flatMap((t) => {
    const variants = termVariants(t.kind as never, t.value);
    const pattern = termPattern(variants);
    return pattern ? [{ id: t.id, variants, pattern }] : [];
  });
}

function after(phase: Phase): Phase {
  return PHASES[PHASES.indexOf(phase) + 1] ?? 'finish';
}

/** One step of planning; done when the request is ready (or moved on). */
export async function planStep(ctx: Ctx, r: ErasureRequestRow): Promise<Advance> {
  const phase = (r.plan_phase ?? 'finish') as Phase;
  const now = ctx.now().toISOString();
  const base = { request_id: r.id, created_at: now, updated_at: now };
  const next = await inStep(ctx, r, async (trx): Promise<Next> => {
    switch (phase) {
      case 'prune': {
        const gone = await deletePrunedMatches(trx, r.id, BATCH);
        if (gone === BATCH) return { phase, cursor: 0 };
        await moveTermStates(trx, r.id, ['prune'], 'idle', now);
        return { phase: 'start', cursor: 0 };
      }
      case 'start': {
        await moveTermStates(trx, r.id, ['pending'], 'running', now, true);
        await moveTermStates(trx, r.id, ['pending'], 'idle', now);
        return { phase: 'requested', cursor: 0 };
      }
      case 'requested': {
        const tickets = await requestedTickets(trx, r.user_id, r.plan_cursor, BATCH);
        await insertMatches(
          trx,
          tickets.map((t) => ({
            ...row(base, null, { ticket_id: t.id, location: 'requested_ticket', source_id: t.id }, null),
            proposed_action: 'erase_with_user',
            // Erasing a person erases their requested tickets (docs/lifecycle.md): the request itself is that decision.
            decision: 'confirm',
          })),
        );
        if (r.plan_pass === 0) await suggest(trx, r, tickets.map((t) => t.id), now);
        return tickets.length < BATCH ? { phase: after(phase), cursor: 0 } : { phase, cursor: tickets[tickets.length - 1]!.id };
      }
      case 'subject':
      case 'comment':
      case 'attachment_name':
        return searchSource(ctx, trx, r, phase, now);
      case 'raw':
        return searchRawMail(trx, r, now);
      case 'sent_files':
      case 'cc_lists': {
        const step = await (phase === 'sent_files' ? planSentFiles : planCcLists)(trx, r, now);
        await insertMatches(trx, step.matches);
        return step.cursor === null ? { phase: after(phase), cursor: 0 } : { phase, cursor: step.cursor };
      }
      case 'finish': {
        await moveTermStates(trx, r.id, ['running'], 'done', now);
        const waiting = await termsOf(trx, r.id, { states: ['pending', 'prune'] });
        // Terms changed while this pass ran: another pass for them.
        if (waiting.length) return { phase: 'prune', cursor: 0, patch: { plan_pass: r.plan_pass + 1 } };
        return { phase: null, cursor: 0, patch: { status: 'ready', job_id: null } };
      }
    }
  });
  const at = next?.phase ?? null;
  const done = !next || at === null;
  return { done, progress: done ? PHASES.length : PHASES.indexOf(at!), total: PHASES.length, message: done ? 'Planned.' : `Planning: ${at}.` };
}

function row(
  b: { request_id: number; created_at: string; updated_at: string },
  termId: number | null,
  where: { ticket_id: number; location: MatchLocation; source_id: number; comment_id?: number | null; attachment_id?: number | null; raw_message_id?: number | null },
  snippet: string | null,
): Omit<NewMatch, 'proposed_action' | 'decision'> {
  return {
    request_id: b.request_id,
    term_id: termId,
    ticket_id: where.ticket_id,
    comment_id: where.comment_id ?? null,
    attachment_id: where.attachment_id ?? null,
    raw_message_id: where.raw_message_id ?? null,
    location: where.location,
    source_id: where.source_id,
    snippet,
    applied_action: null,
    applied_at: null,
    created_at: b.created_at,
    updated_at: b.updated_at,
  };
}

/** One range of one source: candidates from the index, confirmed in their text, one match per term and place. */
async function searchSource(ctx: Ctx, trx: Kysely<Database>, r: ErasureRequestRow, source: HitSource, now: string): Promise<Next> {
  const terms = await passTerms(trx, r.id);
  const max = await maxIdOf(trx, SOURCE_TABLE[source]);
  const done = { phase: after(source), cursor: 0 };
  if (!terms.length || r.plan_cursor >= max) return done;
  const upTo = Math.min(r.plan_cursor + SPAN, max);
  const hits = await hitsIn(trx, ctx.caps, source, terms.flatMap((t) => t.variants), r.user_id, { after: r.plan_cursor, upTo, limit: HIT_LIMIT });
  const rows: NewMatch[] = [];
  for (const h of hits) {
    for (const t of terms) {
      const found = occurrences(h.text, t.pattern);
      if (!found.length) continue;
      const where = {
        ticket_id: h.ticket_id,
        location: source,
        source_id: h.id,
        comment_id: h.comment_id,
        attachment_id: source === 'attachment_name' ? h.id : null,
      };
      rows.push({ ...row({ request_id: r.id, created_at: now, updated_at: now }, t.id, where, snippetAt(h.text, found[0]!)), proposed_action: proposedAction(source, h), decision: 'pending' });
    }
  }
  await insertMatches(trx, rows);
  const cursor = hits.length === HIT_LIMIT ? hits[hits.length - 1]!.id : upTo;
  return cursor >= max ? done : { phase: source, cursor };
}

/**
 * Raw emails of tickets that may name the person without being theirs: a match there only
 * when the comment's own text does not already hold the term (the From line of a reply,
 * say). Redacting the comment reaches its raw email too.
 */
async function searchRawMail(trx: Kysely<Database>, r: ErasureRequestRow, now: string): Promise<Next> {
  const terms = await passTerms(trx, r.id);
  const tickets = terms.length ? await rawMailCandidateTickets(trx, r.id, r.user_id, r.plan_cursor, RAW_TICKETS) : [];
  const rows: NewMatch[] = [];
  for (const ticketId of tickets) {
    const t = await getTicket(trx, ticketId);
    if (!t) continue;
    const raws = await rawMessagesOfTicket(trx, ticketId);
    const texts = new Map((await commentTexts(trx, raws.flatMap((x) => (x.comment_id ? [x.comment_id] : [])))).map((c) => [c.id, c.plain_body]));
    for (const raw of raws) {
      const data = await rawMessageData(trx, raw.id);
      const text = data ? await rawMessageText(data) : '';
      const comment = raw.comment_id ? texts.get(raw.comment_id) ?? '' : '';
      for (const term of terms) {
        const found = occurrences(text, term.pattern);
        if (!found.length || occurrences(comment, term.pattern).length) continue;
        const where = { ticket_id: ticketId, location: 'raw_mail' as const, source_id: raw.id, comment_id: raw.comment_id, raw_message_id: raw.id };
        // Without a comment to redact through, the ticket itself has to go.
        const action = raw.comment_id ? proposedAction('raw_mail', t) : 'delete_ticket';
        rows.push({ ...row({ request_id: r.id, created_at: now, updated_at: now }, term.id, where, snippetAt(text, found[0]!)), proposed_action: action, decision: 'pending' });
      }
    }
  }
  await insertMatches(trx, rows);
  return tickets.length < RAW_TICKETS ? { phase: after('raw'), cursor: 0 } : { phase: 'raw', cursor: tickets[tickets.length - 1]! };
}

/**
 * Suggestions (first pass only, along with listing the person's tickets): emails, phone
 * numbers and IBANs in comments they wrote in these tickets of theirs, that are not terms
 * yet and not staff addresses. Offered unaccepted; the first MAX_SUGGESTIONS found.
 */
async function suggest(trx: Kysely<Database>, r: ErasureRequestRow, ticketIds: number[], now: string): Promise<void> {
  const terms = await termsOf(trx, r.id);
  const room = MAX_SUGGESTIONS - terms.filter((t) => t.source === 'suggested').length;
  if (room <= 0 || !ticketIds.length) return;
  const phones = (await identitiesOf(trx, [r.user_id])).filter((i) => i.type === 'phone_number').map((i) => i.value);
  const country = countryOf(phones);
  const known = new Set(terms.map((t) => t.value_key));
  const found = new Map<string, { kind: string; value: string }>();
  for (const c of await commentsByAuthorIn(trx, r.user_id, ticketIds)) {
    for (const s of findIdentifiers(c.plain_body, country)) if (!known.has(s.key) && !found.has(s.key)) found.set(s.key, s);
  }
  const staff = await staffIdentityKeys(trx, [...found.values()].map((s) => s.value));
  const fresh = [...found.entries()].filter(([, s]) => !staff.has(s.value)).slice(0, room);
  await insertTerms(
    trx,
    fresh.map(([key, s]) => ({ request_id: r.id, kind: s.kind, value: s.value, value_key: key, source: 'suggested', accepted: 0, plan_state: 'idle', created_at: now, updated_at: now })),
  );
}

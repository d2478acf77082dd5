import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { identitiesOf } from '../../db/queries/users.ts';
import { rawMessageData } from '../../db/queries/redaction.ts';
import { insertTerms, termsOf, type ErasureRequestRow, type NewMatch } from '../../db/queries/erasure-requests.ts';
import { commentTexts, commentsByAuthorIn, hitsIn, htmlHitsIn, maxIdOf, type HtmlHit, rawMailCandidateTickets, rawMessagesOfTicket, requestedTickets, staffIdentityKeys, type HitSource } from '../../db/queries/erasure-request-planning.ts';
import { findIdentifiers } from './identifiers.ts';
import { occurrences, proposedAction, snippetAt } from './matching.ts';
import { matchRow, passTerms, type PassTerm, type PlanStep } from './plan-common.ts';
import { urlOccurrences } from '../redaction/html-attributes.ts';
import { rawMessageText } from './raw-text.ts';
import { countryOf } from './terms.ts';

// Planning's steps over the tickets' text (docs/erasure-requests.md, "The plan"): the person's own tickets
// (listed, not searched), subjects, comments and attachment names through the full-text
// indexes in ranges of ids, and the raw emails of the tickets that may name them.
// Suggestions come from what they wrote in their own tickets.

/** Ids of a table searched per step, and rows read per step at most. */
const SPAN = 50_000;
const HIT_LIMIT = 500;
const BATCH = 2000;
const RAW_TICKETS = 10;
export const MAX_SUGGESTIONS = 50;

const SOURCE_TABLE = { subject: 'tickets', comment: 'comments', attachment_name: 'attachments' } as const;

/** The person's requested tickets, one match each (erased with them); suggestions on the first pass. */
export async function planRequested(_ctx: Ctx, trx: Kysely<Database>, r: ErasureRequestRow, now: string): Promise<PlanStep> {
  const tickets = await requestedTickets(trx, r.user_id, r.plan_cursor, BATCH);
  const matches = tickets.map((t) => ({
    ...matchRow(r, now, null, { ticket_id: t.id, location: 'requested_ticket', source_id: t.id }, null),
    proposed_action: 'erase_with_user',
    // Erasing a person erases their requested tickets (docs/lifecycle.md, "Erase"): the request itself is that decision.
    decision: 'confirm',
  }));
  if (r.plan_pass === 0) await suggest(trx, r, tickets.map((t) => t.id), now);
  return { matches, cursor: tickets.length < BATCH ? null : tickets[tickets.length - 1]!.id };
}

/** One range of one indexed source: candidates from the index, confirmed in their text, one match per term and place. */
export function planIndexed(source: HitSource) {
  return async (ctx: Ctx, trx: Kysely<Database>, r: ErasureRequestRow, now: string): Promise<PlanStep> => {
    const terms = await passTerms(trx, r.id);
    const max = await maxIdOf(trx, SOURCE_TABLE[source]);
    if (!terms.length || r.plan_cursor >= max) return { matches: [], cursor: null };
    let upTo = Math.min(r.plan_cursor + SPAN, max);
    const hits = await hitsIn(trx, ctx.caps, source, terms.flatMap((t) => t.variants), r.user_id, { after: r.plan_cursor, upTo, limit: HIT_LIMIT });
    if (hits.length === HIT_LIMIT) upTo = hits[hits.length - 1]!.id;
    const inHtml = source === 'comment' ? await htmlHits(trx, terms, r, upTo) : [];
    // Each query stops at its limit: the step covers what both have read, the next starts there.
    if (inHtml.length === HIT_LIMIT) upTo = inHtml[inHtml.length - 1]!.id;
    const matches: NewMatch[] = [];
    for (const h of hits) {
      if (h.id > upTo) break;
      for (const t of terms) {
        const found = occurrences(h.text, t.pattern);
        if (!found.length) continue;
        const where = { ticket_id: h.ticket_id, location: source, source_id: h.id, comment_id: h.comment_id, attachment_id: source === 'attachment_name' ? h.id : null };
        matches.push({ ...matchRow(r, now, t.id, where, snippetAt(h.text, found[0]!)), proposed_action: proposedAction(source, h), decision: 'pending' });
      }
    }
    for (const h of inHtml) matches.push(...htmlMatches(r, now, h, terms));
    return { matches, cursor: upTo >= max ? null : upTo };
  };
}

/** Comments of the range whose HTML holds an identifier term's strings (a link, an image: html-attributes.ts). */
async function htmlHits(trx: Kysely<Database>, terms: PassTerm[], r: ErasureRequestRow, upTo: number): Promise<HtmlHit[]> {
  const needles = [...new Set(terms.flatMap((t) => t.needles))];
  return htmlHitsIn(trx, needles, r.user_id, { after: r.plan_cursor, upTo, limit: HIT_LIMIT });
}

/**
 * A term in a comment's link targets or image sources and not in its text: a match on the
 * comment with field `html_body`, redacted the same way (the link loses its target, the image
 * goes). Where the text holds the term, the text's match covers the HTML too.
 */
function htmlMatches(r: ErasureRequestRow, now: string, h: HtmlHit, terms: PassTerm[]): NewMatch[] {
  const out: NewMatch[] = [];
  for (const t of terms) {
    if (!t.needles.length || occurrences(h.text, t.pattern).length) continue;
    const [at] = urlOccurrences(h.html, t.pattern);
    if (!at) continue;
    const where = { ticket_id: h.ticket_id, location: 'comment' as const, source_id: h.id, comment_id: h.id, field: 'html_body' };
    out.push({ ...matchRow(r, now, t.id, where, snippetAt(at.form, at)), proposed_action: proposedAction('comment', h), decision: 'pending' });
  }
  return out;
}

/**
 * Raw emails of tickets that may name the person without being theirs: a match there only
 * when the comment's own text does not already hold the term (the From line of a reply,
 * say). Redacting the comment reaches its raw email too.
 */
export async function planRawMail(_ctx: Ctx, trx: Kysely<Database>, r: ErasureRequestRow, now: string): Promise<PlanStep> {
  const terms = await passTerms(trx, r.id);
  const tickets = terms.length ? await rawMailCandidateTickets(trx, r.id, r.user_id, r.plan_cursor, RAW_TICKETS) : [];
  const matches: NewMatch[] = [];
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
        matches.push({ ...matchRow(r, now, term.id, where, snippetAt(text, found[0]!)), proposed_action: action, decision: 'pending' });
      }
    }
  }
  return { matches, cursor: tickets.length < RAW_TICKETS ? null : tickets[tickets.length - 1]! };
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

import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getTicketForUpdate, updateTicketRow, type TicketRow } from '../../db/queries/tickets.ts';
import { commentOfTicket, rawMessageData } from '../../db/queries/redaction.ts';
import { confirmedMatchesOf, markApplied, type ErasureRequestRow, type MatchRow } from '../../db/queries/erasure-requests.ts';
import { AppError } from '../../errors.ts';
import { authorize, canDeleteTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { redactAttachmentInTransaction } from '../redaction/redact-attachment.ts';
import { redactCommentTextInTransaction } from '../redaction/redact-comment.ts';
import { redactionPattern, redactPlain } from '../redaction/text-match.ts';
import { eraseTicketInTransaction } from '../tickets/erase-ticket.ts';
import { fieldEvent, writeTicketAudit } from '../tickets/ticket-audit.ts';
import { distinctLongestFirst, occurrences, type Occurrence } from './matching.ts';
import { rawMessageText } from './raw-text.ts';
import { bumpCounts, requestForChange } from './state.ts';
import { removeFromCcList } from './apply-mail-matches.ts';

/** The pattern of each accepted term, by term id. */
export type TermPatterns = Map<number, RegExp>;

/**
 * Carries out one ticket's confirmed matches in one transaction, with the progress that
 * records them: a ticket that is closed or deleted now, or has a match whose action is to
 * delete it, is erased to its tombstone (its matches go with it); otherwise each string is
 * redacted where it was found (longest first, so a full name goes before a part of it),
 * attachments become empty `redacted.txt`, and the subject is redacted in place. Run again
 * after a crash it finds nothing left to do. False when there was nothing to do.
 */
export async function applyTicketMatches(ctx: Ctx, r: ErasureRequestRow, ticketId: number, patterns: TermPatterns): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await requestForChange(ctx, trx, r.id);
    if (cur.status !== 'executing' || cur.job_id !== r.job_id) return false;
    const all = await confirmedMatchesOf(trx, r.id, ticketId);
    if (!all.length) return false;
    const now = ctx.now().toISOString();
    const t = await getTicketForUpdate(trx, ticketId, ctx.caps.rowLocks);
    // Taking them off a CC list changes nothing else, in any state: never a reason to erase the ticket.
    const matches = await removeFromCcList(ctx, trx, r, t, all, now);
    if (!matches.length) {
      await bumpCounts(trx, cur, { matches_applied: all.length }, now);
      return true;
    }
    if (!t || t.state === 'erased') {
      await markApplied(trx, matches.map((m) => m.id), 'gone', now);
    } else if (t.state === 'deleted' || t.status === 'closed' || matches.some((m) => m.proposed_action === 'delete_ticket')) {
      // docs/erasure-requests.md: anything in a closed ticket → delete the ticket. Confirmed means it must go, so it is erased at once.
      authorize(canDeleteTickets(ctx.actor!));
      const counts = await eraseTicketInTransaction(ctx, trx, ticketId);
      const { tickets: _self, ...rest } = counts;
      await recordEvent(ctx, trx, { action: 'ticket.erased', subjectType: 'ticket', subjectId: ticketId, details: { from: t.state, erasure_request_id: r.id, ...rest } });
      await bumpCounts(trx, cur, { matches_applied: all.length, erased_tickets: 1 }, now);
      return true;
    } else {
      await redactComments(ctx, trx, r.id, t, matches, patterns, now);
      await redactAttachments(ctx, trx, r.id, t, matches, now);
      await redactSubject(ctx, trx, r.id, t, matches, patterns, now);
    }
    await bumpCounts(trx, cur, { matches_applied: all.length }, now);
    return true;
  });
}

/** Nothing left to redact: the string went with an earlier, longer one (or a run that crashed after committing). */
function nothingToRedact(err: unknown): boolean {
  return err instanceof AppError && err.code === 'record_invalid' && !!err.details?.text;
}

async function redactComments(ctx: Ctx, trx: Transaction<Database>, requestId: number, t: TicketRow, matches: MatchRow[], patterns: TermPatterns, now: string) {
  const byComment = new Map<number, MatchRow[]>();
  for (const m of matches) {
    if ((m.location !== 'comment' && m.location !== 'raw_mail') || !m.comment_id) continue;
    byComment.set(m.comment_id, [...(byComment.get(m.comment_id) ?? []), m]);
  }
  for (const [commentId, ms] of byComment) {
    const c = await commentOfTicket(trx, t.id, commentId);
    const found: Occurrence[] = [];
    for (const m of ms) {
      const p = m.term_id !== null ? patterns.get(m.term_id) : undefined;
      if (!c || !p) continue;
      found.push(...occurrences(c.plain_body, p));
      if (m.raw_message_id) {
        const raw = await rawMessageData(trx, m.raw_message_id);
        if (raw) found.push(...occurrences(await rawMessageText(raw), p));
      }
    }
    for (const text of distinctLongestFirst(found)) {
      try {
        await redactCommentTextInTransaction(ctx, trx, { ticketId: t.id, commentId, text, erasureRequestId: requestId });
      } catch (err) {
        if (!nothingToRedact(err)) throw err;
      }
    }
    await markApplied(trx, ms.map((m) => m.id), c ? 'redact' : 'gone', now);
  }
}

async function redactAttachments(ctx: Ctx, trx: Transaction<Database>, requestId: number, t: TicketRow, matches: MatchRow[], now: string) {
  for (const m of matches) {
    // A file named after them, or one they sent (its content cannot be searched).
    if ((m.location !== 'attachment_name' && m.location !== 'sent_attachment') || !m.attachment_id || !m.comment_id) continue;
    try {
      await redactAttachmentInTransaction(ctx, trx, { ticketId: t.id, commentId: m.comment_id, attachmentId: m.attachment_id, erasureRequestId: requestId });
      await markApplied(trx, [m.id], 'redact_attachment', now);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'not_found')) throw err;
      await markApplied(trx, [m.id], 'gone', now);
    }
  }
}

/** The subject keeps its words but the person's: each of their characters becomes ▇ (the history records only that it changed). */
async function redactSubject(ctx: Ctx, trx: Kysely<Database>, requestId: number, t: TicketRow, matches: MatchRow[], patterns: TermPatterns, now: string) {
  const ms = matches.filter((m) => m.location === 'subject');
  if (!ms.length) return;
  const subject = t.subject ?? '';
  const found = ms.flatMap((m) => {
    const p = m.term_id !== null ? patterns.get(m.term_id) : undefined;
    return p ? occurrences(subject, p) : [];
  });
  const pattern = redactionPattern(distinctLongestFirst(found));
  if (pattern) {
    const r = redactPlain(subject, pattern);
    if (r.occurrences > 0) {
      await updateTicketRow(trx, t.id, { subject: r.text, updated_at: now });
      await writeTicketAudit(ctx, trx, t.id, [fieldEvent('Change', 'subject')]);
      await recordEvent(ctx, trx, {
        action: 'ticket.subject_redacted',
        subjectType: 'ticket',
        subjectId: t.id,
        details: { ticket_id: t.id, occurrences: r.occurrences, characters: r.characters, erasure_request_id: requestId },
      });
    }
  }
  await markApplied(trx, ms.map((m) => m.id), 'redact_subject', now);
}

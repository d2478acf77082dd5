import type { Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { updateTicketRow } from '../../db/queries/tickets.ts';
import { commentOfTicket, rawMessageData } from '../../db/queries/redaction.ts';
import { markApplied, type MatchRow } from '../../db/queries/erasure-requests.ts';
import { AppError } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { redactAttachmentInTransaction } from '../redaction/redact-attachment.ts';
import { redactCommentTextInTransaction } from '../redaction/redact-comment.ts';
import { redactionPattern, redactPlain } from '../redaction/text-match.ts';
import { fieldEvent, writeTicketAudit } from '../tickets/ticket-audit.ts';
import type { TicketApply } from './apply-places.ts';
import { distinctLongestFirst, occurrences, type Occurrence } from './matching.ts';
import { rawMessageText } from './raw-text.ts';
import { urlOccurrences } from '../redaction/html-attributes.ts';

// Carrying out a ticket's confirmed matches in its text: comments and their raw emails,
// attachments, the subject (called by applyTicketMatches, in the ticket's transaction).

/** Nothing left to redact: the string went with an earlier, longer one (or a run that crashed after committing). */
function nothingToRedact(err: unknown): boolean {
  return err instanceof AppError && err.code === 'record_invalid' && !!err.details?.text;
}

/** Each confirmed string in a comment (and its raw email) redacted, longest first. */
export async function redactComments(ctx: Ctx, trx: Transaction<Database>, a: TicketApply): Promise<void> {
  const { r: { id: requestId }, t, matches, patterns, now } = a;
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
      // A link target or image source of the HTML (a match with field html_body): redacting the string drops the URL.
      found.push(...urlOccurrences(c.html_body, p));
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

/** Files named after them, and files they sent, become an empty `redacted.txt`. */
export async function redactAttachments(ctx: Ctx, trx: Transaction<Database>, a: TicketApply): Promise<void> {
  const { r: { id: requestId }, t, matches, now } = a;
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
export async function redactSubject(ctx: Ctx, trx: Transaction<Database>, a: TicketApply): Promise<void> {
  const { r: { id: requestId }, t, matches, patterns, now } = a;
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

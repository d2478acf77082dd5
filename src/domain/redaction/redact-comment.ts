import type { Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { commentOfTicket, setCommentText } from '../../db/queries/redaction.ts';
import { invalidField, notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canRedact } from '../policy.ts';
import { assertCommentRedacted, checkpointAfter, editRawMessages, ticketForRedaction, touchTicket, type RedactionCopy } from './common.ts';
import { redactHtml, redactionPattern, redactPlain, REDACTED } from './text-match.ts';
import { dropUrlsHolding } from './html-attributes.ts';
import { redactDraftsOfTicket } from '../drafts/redact-drafts.ts';

export interface RedactCommentTextInput {
  ticketId: number;
  commentId: number;
  /** The string to remove: every character of every occurrence becomes ▇. */
  text: string;
  /** Set by the erasure-request job, recorded in the audit event. */
  erasureRequestId?: number;
}

export interface RedactionResult {
  ticketId: number;
  commentId: number;
  /** Occurrences replaced in the comment's text (plain body), raw email and HTML aside. */
  occurrences: number;
  /** Characters replaced by ▇ in the plain body. */
  characters: number;
  /** Occurrences replaced in the stored raw email(s) of the comment. */
  rawOccurrences: number;
  /** The stored copies that changed. */
  copies: RedactionCopy[];
}

/** The longest string accepted: a comment's paragraph, not a document. */
export const MAX_REDACTION_TEXT = 10_000;

function checkText(text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '') throw invalidField('text', 'Text: give the text to redact.');
  if (text.length > MAX_REDACTION_TEXT) throw invalidField('text', `Text: at most ${MAX_REDACTION_TEXT} characters can be redacted at once.`);
  if (text.replaceAll(REDACTED, '').trim() === '') throw invalidField('text', 'Text: this text is already redacted.');
  return text;
}

/**
 * Redacts a string from a comment inside the caller's transaction (the erasure-request job
 * batches these): body, HTML body, plain body, the stored raw email and, through the
 * database's own triggers or expression indexes, the search index. Refused on closed
 * tickets (delete the ticket instead) and when the string is in none of the copies. The
 * caller runs `checkpointAfter` once its transaction has committed.
 */
export async function redactCommentTextInTransaction(ctx: Ctx, trx: Transaction<Database>, input: RedactCommentTextInput): Promise<RedactionResult> {
  authorize(canRedact(ctx.actor!));
  const text = checkText(input.text);
  const pattern = redactionPattern([text])!;
  await ticketForRedaction(ctx, trx, input.ticketId, { allowClosed: false });
  const c = await commentOfTicket(trx, input.ticketId, input.commentId);
  if (!c) throw notFound();

  const plain = redactPlain(c.plain_body, pattern);
  const body = redactPlain(c.body, pattern);
  // A link or image whose URL holds the string loses it whole (a ▇ in a URL is no URL); then the text.
  const urls = dropUrlsHolding(c.html_body, pattern);
  const redacted = redactHtml(urls.html, pattern);
  const html = { html: redacted.html, occurrences: redacted.occurrences + urls.removed };
  const raw = await editRawMessages(trx, c.id, { pattern });
  if (plain.occurrences + body.occurrences + html.occurrences + raw.occurrences === 0) {
    throw invalidField('text', 'Text: the text was not found in this comment (nothing was changed).');
  }

  const copies: RedactionCopy[] = [];
  if (body.occurrences) copies.push('body');
  if (html.occurrences) copies.push('html_body');
  if (plain.occurrences) copies.push('plain_body', 'search_index');
  if (raw.changed) copies.push('raw_message');
  const written = { body: body.text, html_body: html.html, plain_body: plain.text };
  if (body.occurrences || html.occurrences || plain.occurrences) await setCommentText(trx, c.id, written);
  await assertCommentRedacted(trx, input.ticketId, c.id, text, pattern, written);
  // Agents' unsent replies on this ticket lose the string too.
  if (await redactDraftsOfTicket(trx, input.ticketId, pattern)) copies.push('draft');
  await touchTicket(ctx, trx, input.ticketId);
  await recordEvent(ctx, trx, {
    action: 'comment.redacted',
    subjectType: 'comment',
    subjectId: c.id,
    details: {
      kind: 'text',
      ticket_id: input.ticketId,
      comment_id: c.id,
      occurrences: plain.occurrences,
      characters: plain.characters,
      raw_occurrences: raw.occurrences,
      raw_messages: raw.changed,
      copies,
      ...(input.erasureRequestId !== undefined ? { erasure_request_id: input.erasureRequestId } : {}),
    },
  });
  return {
    ticketId: input.ticketId,
    commentId: c.id,
    occurrences: plain.occurrences,
    characters: plain.characters,
    rawOccurrences: raw.occurrences,
    copies,
  };
}

/** Redacts a string from a comment (PUT /tickets/{tid}/comments/{cid}/redact), then checkpoints. */
export async function redactCommentText(ctx: Ctx, input: RedactCommentTextInput): Promise<RedactionResult> {
  const r = await ctx.db.transaction().execute((trx) => redactCommentTextInTransaction(ctx, trx, input));
  await checkpointAfter(ctx, 'comment.redacted', { ticket_id: r.ticketId, comment_id: r.commentId });
  return r;
}

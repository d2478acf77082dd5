import type { Ctx } from '../../context.ts';
import { attachmentIdsOfComment, commentOfTicket, setCommentText } from '../../db/queries/redaction.ts';
import { invalidField, notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canAdminister } from '../policy.ts';
import { checkpointAfter, editRawMessages, ticketForRedaction, touchTicket, type RedactionCopy } from './common.ts';
import { markRedactTags, redactAligned } from './redact-tags.ts';
import { redactAttachmentInTransaction } from './redact-attachment.ts';
import { redactDraftsOfTicket } from '../drafts/redact-drafts.ts';
import { redactionPattern } from './text-match.ts';

export interface RedactCommentAsAdminInput {
  ticketId: number;
  commentId: number;
  /** The comment's current html_body with the parts to remove wrapped in <redact>…</redact>. */
  htmlBodyWithRedactTags: string;
  /** URLs (url or content_url) of the comment's attachments to redact as well. */
  externalAttachmentUrls?: string[];
}

export interface AdminRedactionResult {
  ticketId: number;
  commentId: number;
  /** Marked passages. */
  spans: number;
  /** Characters replaced by ▇ in the plain body. */
  characters: number;
  attachmentIds: number[];
  copies: RedactionCopy[];
}

/** The attachment id an attachment URL of this API names (`…/attachments/7.json`, `…/attachments/7/content`). */
function attachmentIdOf(url: string): number | null {
  const m = /\/attachments\/([1-9]\d{0,14})(?:\.json|\/content)?\/?(?:[?#].*)?$/.exec(url);
  return m ? Number(m[1]) : null;
}

/**
 * The admin redaction (PUT /comment_redactions/{cid}): the passages an admin marked with
 * <redact> tags in the comment's HTML become ▇ in all three forms, the stored raw email and
 * the search index, and the attachments named by URL become empty `redacted.txt` files.
 * Works on closed tickets (the one change a closed ticket accepts), so it is for admins
 * only, as the HTTP contract says (docs/redaction.md); agents with the delete-tickets
 * permission redact strings and files, and on a closed ticket they can delete it.
 */
export async function redactCommentAsAdmin(ctx: Ctx, input: RedactCommentAsAdminInput): Promise<AdminRedactionResult> {
  authorize(canAdminister(ctx.actor!));
  const r = await ctx.db.transaction().execute(async (trx) => {
    await ticketForRedaction(ctx, trx, input.ticketId, { allowClosed: true });
    const c = await commentOfTicket(trx, input.ticketId, input.commentId);
    if (!c) throw notFound();

    const marked = markRedactTags(input.htmlBodyWithRedactTags, c.html_body);
    const urls = input.externalAttachmentUrls ?? [];
    const own = new Set(await attachmentIdsOfComment(trx, c.id));
    const attachmentIds: number[] = [];
    for (const url of urls) {
      const id = attachmentIdOf(url);
      if (id === null || !own.has(id)) {
        throw invalidField('external_attachment_urls', 'External attachment urls: each must be the URL of an attachment of this comment.');
      }
      if (!attachmentIds.includes(id)) attachmentIds.push(id);
    }
    if (marked.spans.length === 0 && attachmentIds.length === 0) {
      throw invalidField('html_body', 'Html body: wrap the text to remove in <redact>…</redact>, or name attachments to redact.');
    }

    const copies = new Set<RedactionCopy>();
    let characters = 0;
    if (marked.spans.length) {
      const plain = redactAligned(marked.visible, c.plain_body, marked.spans);
      const body = redactAligned(marked.visible, c.body, marked.spans);
      characters = plain.characters;
      await setCommentText(trx, c.id, { body: body.text, html_body: marked.html, plain_body: plain.text });
      copies.add('html_body');
      if (body.characters) copies.add('body');
      if (plain.characters) copies.add('plain_body').add('search_index');
      const raw = await editRawMessages(trx, c.id, { pattern: redactionPattern(marked.spans) });
      if (raw.changed) copies.add('raw_message');
      const spans = redactionPattern(marked.spans);
      if (spans && (await redactDraftsOfTicket(trx, input.ticketId, spans))) copies.add('draft');
    }
    for (const attachmentId of attachmentIds) {
      const a = await redactAttachmentInTransaction(ctx, trx, { ticketId: input.ticketId, commentId: c.id, attachmentId }, { allowClosed: true, audit: false });
      for (const k of a.copies) copies.add(k);
    }
    await touchTicket(ctx, trx, input.ticketId);
    const result: AdminRedactionResult = {
      ticketId: input.ticketId,
      commentId: c.id,
      spans: marked.spans.length,
      characters,
      attachmentIds,
      copies: [...copies],
    };
    await recordEvent(ctx, trx, {
      action: 'comment.redacted',
      subjectType: 'comment',
      subjectId: c.id,
      details: {
        kind: 'admin',
        ticket_id: input.ticketId,
        comment_id: c.id,
        spans: result.spans,
        characters,
        attachment_ids: attachmentIds,
        copies: result.copies,
      },
    });
    return result;
  });
  await checkpointAfter(ctx, 'comment.redacted', { ticket_id: r.ticketId, comment_id: r.commentId });
  return r;
}

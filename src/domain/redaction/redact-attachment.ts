import type { Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { attachmentOfComment, blankAttachment, commentOfTicket, setCommentText } from '../../db/queries/redaction.ts';
import { notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canRedact } from '../policy.ts';
import { checkpointAfter, editRawMessages, ticketForRedaction, touchTicket, type RedactionCopy } from './common.ts';

export interface RedactAttachmentInput {
  ticketId: number;
  commentId: number;
  attachmentId: number;
  /** Set by the erasure-request job, recorded in the audit event. */
  erasureRequestId?: number;
}

export interface AttachmentRedactionResult {
  ticketId: number;
  commentId: number;
  attachmentId: number;
  /** False when it already was an empty redacted.txt (nothing changed, no event). */
  redacted: boolean;
  /** Size in bytes of what was removed. */
  bytes: number;
  copies: RedactionCopy[];
}

/** A redacted attachment's name: it says what happened and nothing else. */
export const REDACTED_FILE_NAME = 'redacted.txt';

/**
 * Whether a comment's file is what redaction leaves: an empty `redacted.txt` without a
 * Content-ID. (An empty file of that name that someone attached is indistinguishable, and
 * holds nothing to read either.)
 */
export function isRedactedAttachment(a: { comment_id: number | null; file_name: string; size: number; content_id: string | null }): boolean {
  return a.comment_id !== null && a.file_name === REDACTED_FILE_NAME && a.size === 0 && a.content_id === null;
}

/**
 * Redacts an attachment or inline image inside the caller's transaction: the row becomes an
 * empty `redacted.txt` (docs/redaction.md), its part in the stored raw email too, and a `cid:`
 * reference to it in the comment's HTML points at nothing. `allowClosed` is for the admin
 * redaction only; string and attachment redaction are refused on closed tickets.
 */
export async function redactAttachmentInTransaction(
  ctx: Ctx,
  trx: Transaction<Database>,
  input: RedactAttachmentInput,
  opts: { allowClosed?: boolean; audit?: boolean } = {},
): Promise<AttachmentRedactionResult> {
  authorize(canRedact(ctx.actor!));
  await ticketForRedaction(ctx, trx, input.ticketId, { allowClosed: opts.allowClosed === true });
  const a = await attachmentOfComment(trx, input.ticketId, input.commentId, input.attachmentId);
  if (!a) throw notFound();
  const base = { ticketId: input.ticketId, commentId: input.commentId, attachmentId: a.id };
  // Redacting twice changes nothing (its raw part was blanked the first time).
  if (isRedactedAttachment(a) && a.data.length === 0) {
    return { ...base, redacted: false, bytes: 0, copies: [] };
  }
  const raw = await editRawMessages(trx, input.commentId, {
    attachments: [{ data: Buffer.from(a.data), fileName: a.file_name, contentId: a.content_id }],
  });
  await blankAttachment(trx, a.id);
  const copies: RedactionCopy[] = ['attachment'];
  if (a.file_name !== REDACTED_FILE_NAME) copies.push('search_index');
  if (a.content_id) {
    const c = await commentOfTicket(trx, input.ticketId, input.commentId);
    const ref = `cid:${a.content_id}`;
    if (c && c.html_body.includes(ref)) {
      await setCommentText(trx, c.id, { body: c.body, plain_body: c.plain_body, html_body: c.html_body.split(ref).join('cid:redacted') });
      copies.push('html_body');
    }
  }
  if (raw.changed) copies.push('raw_message');
  await touchTicket(ctx, trx, input.ticketId);
  if (opts.audit !== false) {
    await recordEvent(ctx, trx, {
      action: 'attachment.redacted',
      subjectType: 'attachment',
      subjectId: a.id,
      details: {
        ticket_id: input.ticketId,
        comment_id: input.commentId,
        attachment_id: a.id,
        inline: a.inline === 1,
        bytes: a.size,
        raw_parts: raw.partsReplaced,
        copies,
        ...(input.erasureRequestId !== undefined ? { erasure_request_id: input.erasureRequestId } : {}),
      },
    });
  }
  return { ...base, redacted: true, bytes: a.size, copies };
}

/** Redacts an attachment (PUT or DELETE /tickets/{tid}/comments/{cid}/attachments/{aid}/redact), then checkpoints. */
export async function redactAttachment(ctx: Ctx, input: RedactAttachmentInput): Promise<AttachmentRedactionResult> {
  const r = await ctx.db.transaction().execute((trx) => redactAttachmentInTransaction(ctx, trx, input));
  if (r.redacted) await checkpointAfter(ctx, 'attachment.redacted', { ticket_id: r.ticketId, comment_id: r.commentId, attachment_id: r.attachmentId });
  return r;
}

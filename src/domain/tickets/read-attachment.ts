import type { Ctx } from '../../context.ts';
import { getAttachmentContent, getAttachmentWithTicketState, type AttachmentMeta } from '../../db/queries/attachments.ts';
import { notFound } from '../../errors.ts';
import { authorize, canReadAttachment, canWorkTickets } from '../policy.ts';
import { isRedactedAttachment } from '../redaction/redact-attachment.ts';

export interface ReadAttachmentInput {
  attachmentId: number;
}

/**
 * An attachment's metadata, if the actor may read it (GET /attachments/{id}). A file the
 * actor cannot see — someone else's unused upload, a file of a deleted or erased ticket, a
 * redacted file — is 404, like an id that never existed.
 */
export async function readAttachment(ctx: Ctx, input: ReadAttachmentInput): Promise<AttachmentMeta> {
  authorize(canWorkTickets(ctx.actor!));
  const a = await getAttachmentWithTicketState(ctx.db, input.attachmentId);
  if (!a) throw notFound();
  const decision = canReadAttachment(ctx.actor!, {
    commentId: a.comment_id,
    uploaderId: a.uploader_id,
    ticketState: a.ticket_state ?? null,
    redacted: isRedactedAttachment(a),
  });
  if (!decision.ok) throw notFound();
  const { ticket_state: _state, ...meta } = a;
  return meta;
}

/** The bytes of an attachment the actor may read (GET /attachments/{id}/content), same rules. */
export async function readAttachmentContent(ctx: Ctx, input: ReadAttachmentInput) {
  await readAttachment(ctx, input);
  const content = await getAttachmentContent(ctx.db, input.attachmentId);
  if (!content) throw notFound();
  return content;
}

import type { Ctx } from '../../context.ts';
import { getAttachmentMeta, type AttachmentMeta } from '../../db/queries/attachments.ts';
import { notFound } from '../../errors.ts';

export interface ReadWrittenAttachmentInput {
  attachmentId: number;
}

/**
 * An attachment's metadata as the action that just wrote it (an upload, a redaction)
 * answers with it; 404 if it is gone. Reading one otherwise goes through readAttachment.
 */
export async function readWrittenAttachment(ctx: Ctx, input: ReadWrittenAttachmentInput): Promise<AttachmentMeta> {
  const meta = await getAttachmentMeta(ctx.db, input.attachmentId);
  if (!meta) throw notFound();
  return meta;
}

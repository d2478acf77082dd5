import type { Ctx } from '../../context.ts';
import { attachmentsOfComments, type AttachmentMeta } from '../../db/queries/attachments.ts';

export type { AttachmentMeta };

export interface ReadCommentAttachmentsInput {
  commentIds: number[];
}

/** The attachments of these comments (metadata, no bytes), in one query. */
export async function readCommentAttachments(ctx: Ctx, input: ReadCommentAttachmentsInput) {
  return attachmentsOfComments(ctx.db, input.commentIds);
}

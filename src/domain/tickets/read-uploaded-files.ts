import type { Ctx } from '../../context.ts';
import { getAttachmentMeta, type AttachmentMeta } from '../../db/queries/attachments.ts';

export interface ReadUploadedFilesInput {
  attachmentIds: number[];
}

/** The metadata of the files an upload just stored, in the order given; one gone since is left out. */
export async function readUploadedFiles(ctx: Ctx, input: ReadUploadedFilesInput): Promise<AttachmentMeta[]> {
  const metas = await Promise.all(input.attachmentIds.map((id) => getAttachmentMeta(ctx.db, id)));
  return metas.flatMap((m) => (m ? [m] : []));
}

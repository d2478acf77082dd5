import type { Ctx } from '../../context.ts';
import { getCommunityFile, getCommunityFileBytes, type CommunityFileRow } from '../../db/queries/community.ts';
import { notFound } from '../../errors.ts';

/**
 * A community file for /hc/community_attachments/{id}/{file_name}: public once a post or
 * comment uses it (the community is public), its uploader's alone before; 404 once deleted,
 * and for a name that is not its own.
 */
export async function readCommunityFile(ctx: Ctx, input: { fileId: number; fileName: string }): Promise<{ file: CommunityFileRow; data: Buffer }> {
  const f = await getCommunityFile(ctx.db, input.fileId);
  if (!f || f.file_name !== input.fileName) throw notFound();
  if (f.post_id === null && f.comment_id === null && ctx.actor?.id !== f.uploader_id) throw notFound();
  const data = await getCommunityFileBytes(ctx.db, f.id);
  if (!data) throw notFound();
  return { file: f, data: Buffer.from(data) };
}

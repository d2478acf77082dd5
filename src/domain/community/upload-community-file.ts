import type { Ctx } from '../../context.ts';
import { insertCommunityFile } from '../../db/queries/community.ts';
import { AppError } from '../../errors.ts';
import { COMMUNITY_FILE_MAX } from '../../shared/community.ts';
import { recordEvent } from '../events.ts';
import { participant } from './community-rules.ts';

/** The image types a community file may be: it is shown inline on a public page. */
export const COMMUNITY_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** A file name safe in a URL path and a header: letters, digits, dot, dash, underscore. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(-100);
  return cleaned || 'image';
}

/**
 * Stores an image someone signed in uploads for a post or comment they are writing; it is
 * theirs, unused, until a post or comment takes it (community-rules.ts claimUploads).
 */
export async function uploadCommunityFile(ctx: Ctx, input: { fileName: string; contentType: string; data: Buffer }): Promise<{ id: number; fileName: string }> {
  const actor = participant(ctx);
  const type = input.contentType.split(';')[0]!.trim().toLowerCase();
  if (!(COMMUNITY_IMAGE_TYPES as readonly string[]).includes(type)) throw new AppError('record_invalid', 'Only PNG, JPEG, GIF and WebP images can be added to posts and comments.');
  if (input.data.length === 0) throw new AppError('record_invalid', 'The file is empty.');
  if (input.data.length > COMMUNITY_FILE_MAX) throw new AppError('record_invalid', `Files can be at most ${COMMUNITY_FILE_MAX / 1024 / 1024} MB.`);
  const fileName = safeFileName(input.fileName);
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertCommunityFile(trx, { post_id: null, comment_id: null, uploader_id: actor.id, file_name: fileName, content_type: type, size: input.data.length, data: input.data, created_at: ctx.now().toISOString() });
    await recordEvent(ctx, trx, { action: 'community_file.uploaded', subjectType: 'community_file', subjectId: id, details: { bytes: input.data.length } });
    return { id, fileName };
  });
}

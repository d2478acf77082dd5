import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import { insertAttachment, uploadsByTokens } from '../../db/queries/attachments.ts';
import { invalidField } from '../../errors.ts';
import { actingUserId } from '../auth/actor.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { cleanFileName, uploadContentType, uploadExpired, uploadExpiresAt } from './upload-rules.ts';

export interface CreateUploadInput {
  fileName: string;
  /** The request's Content-Type header, if any. */
  contentType?: string;
  data: Buffer;
  /** Adds the file to this earlier upload instead of starting a new one. */
  token?: string;
}

export interface UploadResult {
  token: string;
  expiresAt: Date;
  /** Every file under the token, the new one last. */
  attachmentIds: number[];
  attachmentId: number;
}

/**
 * Stores a file for a comment still to be written and hands back a token naming it.
 * The file belongs to no ticket until a comment names the token.
 */
export async function createUpload(ctx: Ctx, input: CreateUploadInput): Promise<UploadResult> {
  authorize(canWorkTickets(ctx.actor!));
  const fileName = cleanFileName(input.fileName);
  const contentType = uploadContentType(input.contentType, fileName);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    let token = input.token;
    let earlier: { id: number; created_at: string }[] = [];
    if (token !== undefined) {
      earlier = await uploadsByTokens(trx, [token]);
      if (earlier.length === 0 || uploadExpired(earlier, now)) {
        throw invalidField('token', 'Token: unknown, expired or already used; upload without a token to start a new one.');
      }
    } else {
      token = randomBytes(18).toString('base64url');
    }
    const attachmentId = await insertAttachment(trx, {
      ticket_id: null,
      comment_id: null,
      upload_token: token,
      uploader_id: actingUserId(ctx.actor),
      file_name: fileName,
      content_type: contentType,
      size: input.data.length,
      inline: 0,
      content_id: null,
      data: input.data,
      created_at: now.toISOString(),
    });
    return {
      token,
      expiresAt: uploadExpiresAt(earlier, now),
      attachmentIds: [...earlier.map((e) => e.id), attachmentId],
      attachmentId,
    };
  });
}

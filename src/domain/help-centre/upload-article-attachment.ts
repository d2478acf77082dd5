import type { Ctx } from '../../context.ts';
import { getArticleForUpdate, insertArticleAttachment } from '../../db/queries/help-centre.ts';
import { actingUserId } from '../auth/actor.ts';
import { invalidField, notFound } from '../../errors.ts';
import { canWriteArticles } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { cleanFileName, isInlineSafeImage, uploadContentType } from '../tickets/upload-rules.ts';

/** Zendesk's limit for an article attachment. */
export const MAX_ARTICLE_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface ArticleAttachmentUpload {
  /** The article to attach it to; absent for an upload used later (POST /help_center/articles/attachments). */
  articleId?: number;
  fileName: string;
  contentType?: string;
  inline: boolean;
  data: Buffer;
}

/**
 * Stores an article attachment (POST /help_center/articles/{id}/attachments, or
 * …/articles/attachments for one not yet in an article; staff). An inline one is an image
 * shown in the body by its URL (/hc/article_attachments/{id}/{file_name}); a block one is
 * a file listed under the article. Only images a browser shows safely can be inline.
 */
export async function uploadArticleAttachment(ctx: Ctx, input: ArticleAttachmentUpload): Promise<number> {
  authorize(canWriteArticles(ctx.actor!));
  const fileName = cleanFileName(input.fileName);
  const contentType = uploadContentType(input.contentType, fileName);
  if (input.data.length === 0) throw invalidField('file', 'File: is empty.');
  if (input.data.length > MAX_ARTICLE_ATTACHMENT_BYTES) throw invalidField('file', 'File: is too large (at most 20 MB).');
  if (input.inline && !isInlineSafeImage(contentType)) throw invalidField('inline', 'Inline: only PNG, JPEG, GIF, WebP, BMP and AVIF images can be shown in an article body.');
  return ctx.db.transaction().execute(async (trx) => {
    if (input.articleId !== undefined) {
      const a = await getArticleForUpdate(trx, input.articleId, ctx.caps.rowLocks);
      if (!a || a.archived_at !== null) throw notFound();
    }
    const id = await insertArticleAttachment(trx, {
      article_id: input.articleId ?? null,
      uploader_id: actingUserId(ctx.actor),
      file_name: fileName,
      content_type: contentType,
      size: input.data.length,
      inline: input.inline ? 1 : 0,
      data: input.data,
      created_at: ctx.now().toISOString(),
    });
    await recordEvent(ctx, trx, {
      action: 'hc_article_attachment.created',
      subjectType: 'hc_article_attachment',
      subjectId: id,
      details: { attachment_id: id, article_id: input.articleId ?? null, inline: input.inline, size: input.data.length },
    });
    return id;
  });
}

import type { Ctx } from '../../context.ts';
import { articleAttachmentData, attachmentsOfArticle, getArticle, getArticleAttachment, type ArticleAttachmentRow } from '../../db/queries/help-centre.ts';
import { notFound } from '../../errors.ts';
import { canWriteArticles } from '../../shared/policy.ts';
import { isStaffActor } from './staff.ts';
import { authorize } from '../policy.ts';
import { attachmentIsPublic } from './read-public.ts';

/** The attachments of a live article (GET /help_center/articles/{id}/attachments). */
export async function listArticleAttachments(ctx: Ctx, input: { articleId: number; inline?: boolean }): Promise<ArticleAttachmentRow[]> {
  authorize(canWriteArticles(ctx.actor!));
  const a = await getArticle(ctx.db, input.articleId);
  if (!a || a.archived_at !== null) throw notFound();
  return (await attachmentsOfArticle(ctx.db, a.id)).filter((x) => input.inline === undefined || (x.inline === 1) === input.inline);
}

/** One attachment's row (GET /help_center/articles/attachments/{id}). */
export async function readArticleAttachment(ctx: Ctx, input: { id: number }): Promise<ArticleAttachmentRow> {
  authorize(canWriteArticles(ctx.actor!));
  const a = await getArticleAttachment(ctx.db, input.id);
  if (!a) throw notFound();
  return a;
}

/**
 * An attachment's bytes (GET /hc/article_attachments/{id}/{file_name}): staff always; anyone
 * else only while its article is published and not archived. The name must match; a
 * deleted attachment, or one the caller may not see, is 404 (never 403: its existence is
 * not told).
 */
export async function readArticleAttachmentFile(ctx: Ctx, input: { id: number; fileName: string }): Promise<{ row: ArticleAttachmentRow; data: Buffer }> {
  const a = await getArticleAttachment(ctx.db, input.id);
  if (!a || a.file_name !== input.fileName) throw notFound();
  if (!isStaffActor(ctx.actor) && !(await attachmentIsPublic(ctx, { articleId: a.article_id }))) throw notFound();
  const data = await articleAttachmentData(ctx.db, a.id);
  if (!data) throw notFound();
  return { row: a, data };
}

import type { Ctx } from '../../context.ts';
import { deleteArticleAttachmentRow, getArticle, getArticleAttachment } from '../../db/queries/help-centre.ts';
import { actingUserId } from '../auth/actor.ts';
import { notFound } from '../../errors.ts';
import { canManageHelpCentre, canWriteArticles } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';

/**
 * Deletes an article attachment with its bytes (DELETE /help_center/articles/attachments/{id},
 * staff): its URL is 404 at once, and an image of it in a body shows nothing. An upload not
 * yet in an article can be deleted by its uploader or an admin; an attachment of an article
 * by anyone who writes articles (the article must not be archived).
 */
export async function deleteArticleAttachment(ctx: Ctx, input: { id: number }): Promise<void> {
  authorize(canWriteArticles(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const a = await getArticleAttachment(trx, input.id);
    if (!a) throw notFound();
    if (a.article_id === null) {
      if (a.uploader_id !== actingUserId(ctx.actor)) authorize(canManageHelpCentre(ctx.actor!));
    } else {
      const art = await getArticle(trx, a.article_id);
      if (!art || art.archived_at !== null) throw notFound();
    }
    await deleteArticleAttachmentRow(trx, a.id);
    await recordEvent(ctx, trx, { action: 'hc_article_attachment.deleted', subjectType: 'hc_article_attachment', subjectId: a.id, details: { attachment_id: a.id, article_id: a.article_id } });
  });
  await ctx.checkpoint?.();
}

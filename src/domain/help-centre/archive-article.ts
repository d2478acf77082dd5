import type { Ctx } from '../../context.ts';
import { getArticleForUpdate, updateArticleRow } from '../../db/queries/help-centre.ts';
import { notFound } from '../../errors.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';

/**
 * Archives an article (DELETE /help_center/articles/{id}: Zendesk's meaning, admins). It
 * leaves the public help centre and the live lists at once, keeps everything, and waits in
 * Archived articles to be restored or deleted forever.
 */
export async function archiveArticle(ctx: Ctx, input: { id: number }): Promise<void> {
  authorize(canManageHelpCentre(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const a = await getArticleForUpdate(trx, input.id, ctx.caps.rowLocks);
    if (!a || a.archived_at !== null) throw notFound();
    const now = ctx.now().toISOString();
    await updateArticleRow(trx, a.id, { archived_at: now, updated_at: now });
    await recordEvent(ctx, trx, { action: 'hc_article.archived', subjectType: 'hc_article', subjectId: a.id, details: { article_id: a.id } });
  });
}

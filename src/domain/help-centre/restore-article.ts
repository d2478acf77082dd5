import type { Ctx } from '../../context.ts';
import { getArticleForUpdate, getSection, updateArticleRow } from '../../db/queries/help-centre.ts';
import { notFound } from '../../errors.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';

/** Restores an archived article (PUT /help_center/archived_articles/{id}/restore, admins), as it was. */
export async function restoreArticle(ctx: Ctx, input: { id: number }): Promise<void> {
  authorize(canManageHelpCentre(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const a = await getArticleForUpdate(trx, input.id, ctx.caps.rowLocks);
    if (!a || a.archived_at === null) throw notFound();
    // Sections holding articles cannot be deleted, so the section is still there.
    if (!(await getSection(trx, a.section_id))) throw notFound();
    await updateArticleRow(trx, a.id, { archived_at: null, updated_at: ctx.now().toISOString() });
    await recordEvent(ctx, trx, { action: 'hc_article.restored', subjectType: 'hc_article', subjectId: a.id, details: { article_id: a.id } });
  });
}

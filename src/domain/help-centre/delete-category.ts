import type { Ctx } from '../../context.ts';
import { deleteCategoryRow, deleteTranslationRows, getCategory, listSections, translationsOf } from '../../db/queries/help-centre.ts';
import { AppError, notFound } from '../../errors.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';

/**
 * Deletes a category with its translations (DELETE /help_center/categories/{id}, admins).
 * Zendesk deletes its sections and articles with it; Oubli refuses while the category has
 * sections (docs/help-centre.md, "Deleting categories and sections"): articles leave only
 * through archive and delete forever, which is where their text and history go for good.
 */
export async function deleteCategory(ctx: Ctx, input: { id: number }): Promise<void> {
  authorize(canManageHelpCentre(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const c = await getCategory(trx, input.id);
    if (!c) throw notFound();
    const sections = await listSections(trx, c.id);
    if (sections.length) {
      throw new AppError('conflict', `This category still has ${sections.length} section(s): move or delete them first (articles are archived, then deleted forever).`);
    }
    await deleteTranslationRows(trx, (await translationsOf(trx, 'category', [c.id])).map((t) => t.id));
    await deleteCategoryRow(trx, c.id);
    await recordEvent(ctx, trx, { action: 'hc_category.deleted', subjectType: 'hc_category', subjectId: c.id, details: { category_id: c.id } });
  });
  await ctx.checkpoint?.();
}

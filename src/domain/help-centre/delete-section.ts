import type { Ctx } from '../../context.ts';
import { deleteSectionRow, deleteTranslationRows, getSection, sectionContents, translationsOf } from '../../db/queries/help-centre.ts';
import { AppError, notFound } from '../../errors.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';

/**
 * Deletes a section with its translations (DELETE /help_center/sections/{id}, admins).
 * Zendesk deletes its articles with it; Oubli refuses while it holds articles (archived ones
 * too) or subsections (docs/help-centre.md, "Deleting categories and sections").
 */
export async function deleteSection(ctx: Ctx, input: { id: number }): Promise<void> {
  authorize(canManageHelpCentre(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const s = await getSection(trx, input.id);
    if (!s) throw notFound();
    const held = await sectionContents(trx, s.id);
    if (held.articles || held.sections) {
      throw new AppError(
        'conflict',
        `This section still has ${held.articles} article(s) (archived ones count) and ${held.sections} subsection(s): move them, or archive and delete the articles forever, first.`,
      );
    }
    await deleteTranslationRows(trx, (await translationsOf(trx, 'section', [s.id])).map((t) => t.id));
    await deleteSectionRow(trx, s.id);
    await recordEvent(ctx, trx, { action: 'hc_section.deleted', subjectType: 'hc_section', subjectId: s.id, details: { section_id: s.id } });
  });
  await ctx.checkpoint?.();
}

import type { Ctx } from '../../context.ts';
import { getCategory, getSection, updateSectionRow } from '../../db/queries/help-centre.ts';
import { invalidField, notFound } from '../../errors.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { normalLocale } from './locale.ts';

/** A section's own fields (PUT /help_center/sections/{id}, admins): position, category, parent section, source locale. */
export async function updateSection(ctx: Ctx, input: { id: number; position?: number; categoryId?: number; parentSectionId?: number | null; sourceLocale?: string }): Promise<void> {
  authorize(canManageHelpCentre(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const s = await getSection(trx, input.id);
    if (!s) throw notFound();
    const categoryId = input.categoryId ?? s.category_id;
    if (input.categoryId !== undefined && !(await getCategory(trx, input.categoryId))) throw invalidField('category_id', 'Category: no such category.');
    const parentId = input.parentSectionId === undefined ? s.parent_section_id : input.parentSectionId;
    if (parentId !== null) {
      // A parent in the same category, and never the section itself or one of its own subsections.
      let p = await getSection(trx, parentId);
      if (!p || p.category_id !== categoryId) throw invalidField('parent_section_id', 'Parent section: no such section in this category.');
      for (let depth = 0; p; depth++) {
        if (p.id === s.id || depth > 50) throw invalidField('parent_section_id', 'Parent section: a section cannot be inside itself.');
        p = p.parent_section_id === null ? undefined : await getSection(trx, p.parent_section_id);
      }
    }
    const patch = {
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
      ...(input.parentSectionId !== undefined ? { parent_section_id: input.parentSectionId } : {}),
      ...(input.sourceLocale !== undefined ? { source_locale: normalLocale(input.sourceLocale, 'source_locale') } : {}),
    };
    if (!Object.keys(patch).length) return;
    await updateSectionRow(trx, s.id, { ...patch, updated_at: ctx.now().toISOString() });
    await recordEvent(ctx, trx, { action: 'hc_section.updated', subjectType: 'hc_section', subjectId: s.id, details: { section_id: s.id, fields: Object.keys(patch) } });
  });
}

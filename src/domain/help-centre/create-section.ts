import type { Ctx } from '../../context.ts';
import { getCategory, getSection, insertSection } from '../../db/queries/help-centre.ts';
import { invalidField, notFound } from '../../errors.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { normalLocale } from './locale.ts';
import { createTranslationText } from './translation-text.ts';

export interface SectionCreate {
  categoryId: number;
  name: string;
  description?: string;
  locale?: string;
  position?: number;
  parentSectionId?: number | null;
}

/** A new section of a category, with its source-locale translation (POST /help_center/categories/{id}/sections, admins). */
export async function createSection(ctx: Ctx, input: SectionCreate): Promise<number> {
  authorize(canManageHelpCentre(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    const category = await getCategory(trx, input.categoryId);
    if (!category) throw notFound();
    const locale = normalLocale(input.locale ?? category.source_locale);
    if (input.parentSectionId !== undefined && input.parentSectionId !== null) {
      const parent = await getSection(trx, input.parentSectionId);
      if (!parent || parent.category_id !== category.id) throw invalidField('parent_section_id', 'Parent section: no such section in this category.');
    }
    const now = ctx.now().toISOString();
    const id = await insertSection(trx, {
      category_id: category.id,
      parent_section_id: input.parentSectionId ?? null,
      position: input.position ?? 0,
      source_locale: locale,
      created_at: now,
      updated_at: now,
    });
    await createTranslationText(ctx, trx, { type: 'section', sourceId: id, locale, title: input.name, body: input.description ?? '' });
    await recordEvent(ctx, trx, { action: 'hc_section.created', subjectType: 'hc_section', subjectId: id, details: { section_id: id, category_id: category.id } });
    return id;
  });
}

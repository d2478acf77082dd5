import type { Ctx } from '../../context.ts';
import { insertCategory } from '../../db/queries/help-centre.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { DEFAULT_LOCALE, normalLocale } from './locale.ts';
import { createTranslationText } from './translation-text.ts';

export interface CategoryCreate {
  name: string;
  description?: string;
  locale?: string;
  position?: number;
}

/** A new category with its source-locale translation (POST /help_center/categories, admins). */
export async function createCategory(ctx: Ctx, input: CategoryCreate): Promise<number> {
  authorize(canManageHelpCentre(ctx.actor!));
  const locale = normalLocale(input.locale ?? DEFAULT_LOCALE);
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now().toISOString();
    const id = await insertCategory(trx, { position: input.position ?? 0, source_locale: locale, created_at: now, updated_at: now });
    await createTranslationText(ctx, trx, { type: 'category', sourceId: id, locale, title: input.name, body: input.description ?? '' });
    await recordEvent(ctx, trx, { action: 'hc_category.created', subjectType: 'hc_category', subjectId: id, details: { category_id: id } });
    return id;
  });
}

import type { Ctx } from '../../context.ts';
import { getCategory, updateCategoryRow } from '../../db/queries/help-centre.ts';
import { notFound } from '../../errors.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { normalLocale } from './locale.ts';

/**
 * A category's own fields (PUT /help_center/categories/{id}, admins): its position and its
 * source locale. Name and description are its translations' (as Zendesk's Update Category,
 * which does not change them either: PUT …/translations/{locale}).
 */
export async function updateCategory(ctx: Ctx, input: { id: number; position?: number; sourceLocale?: string }): Promise<void> {
  authorize(canManageHelpCentre(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const c = await getCategory(trx, input.id);
    if (!c) throw notFound();
    const patch = {
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.sourceLocale !== undefined ? { source_locale: normalLocale(input.sourceLocale, 'source_locale') } : {}),
    };
    if (!Object.keys(patch).length) return;
    await updateCategoryRow(trx, c.id, { ...patch, updated_at: ctx.now().toISOString() });
    await recordEvent(ctx, trx, { action: 'hc_category.updated', subjectType: 'hc_category', subjectId: c.id, details: { category_id: c.id, fields: Object.keys(patch) } });
  });
}

import type { Ctx } from '../../context.ts';
import { deleteTranslationRows, getArticle, getCategory, getSection, getTranslation } from '../../db/queries/help-centre.ts';
import { invalidField, notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorizeTranslationWrite, touchOwner } from './translation-owner.ts';

/**
 * Deletes a translation and its revisions (DELETE /help_center/translations/{id}): every
 * text it ever had goes, in one transaction. The source locale's translation cannot be
 * deleted (as in Zendesk); an archived article's translations go with the article.
 */
export async function deleteTranslation(ctx: Ctx, input: { id: number }): Promise<void> {
  const first = await getTranslation(ctx.db, input.id);
  if (!first) throw notFound();
  authorizeTranslationWrite(ctx, first.source_type);
  await ctx.db.transaction().execute(async (trx) => {
    const t = await getTranslation(trx, input.id);
    if (!t) throw notFound();
    const owner =
      t.source_type === 'article' ? await getArticle(trx, t.source_id) : t.source_type === 'section' ? await getSection(trx, t.source_id) : await getCategory(trx, t.source_id);
    if (!owner || ('archived_at' in owner && owner.archived_at !== null)) throw notFound();
    if (owner.source_locale === t.locale) throw invalidField('locale', 'Locale: the source locale translation cannot be deleted.');
    await deleteTranslationRows(trx, [t.id]);
    await touchOwner(ctx, trx, { type: t.source_type, id: t.source_id, sourceLocale: owner.source_locale }, false);
    await recordEvent(ctx, trx, {
      action: 'hc_translation.deleted',
      subjectType: `hc_${t.source_type}`,
      subjectId: t.source_id,
      details: { translation_id: t.id, source_type: t.source_type, source_id: t.source_id, locale: t.locale },
    });
  });
  await ctx.checkpoint?.();
}

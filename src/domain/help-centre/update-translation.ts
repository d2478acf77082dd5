import type { Ctx } from '../../context.ts';
import { translationOf } from '../../db/queries/help-centre.ts';
import { notFound } from '../../errors.ts';
import type { HcSourceType } from '../../shared/help-centre.ts';
import { recordEvent } from '../events.ts';
import { attachInlineImages } from './attach-inline-images.ts';
import { normalLocale } from './locale.ts';
import { authorizeTranslationWrite, touchOwner, translationOwner } from './translation-owner.ts';
import { saveTranslationText, type TranslationText } from './translation-text.ts';

/**
 * Saves a translation (PUT …/{id}/translations/{locale}). The text it replaces becomes a
 * revision first; a save that changes nothing writes nothing (no revision, no event).
 * Returns the translation's id.
 */
export async function updateTranslation(ctx: Ctx, input: { type: HcSourceType; sourceId: number; locale: string } & TranslationText): Promise<number> {
  authorizeTranslationWrite(ctx, input.type);
  const locale = normalLocale(input.locale);
  return ctx.db.transaction().execute(async (trx) => {
    const owner = await translationOwner(ctx, trx, input.type, input.sourceId);
    const current = await translationOf(trx, input.type, owner.id, locale);
    if (!current) throw notFound();
    const r = await saveTranslationText(ctx, trx, current, input);
    if (!r.changed) return current.id;
    if (input.type === 'article' && input.body !== undefined) {
      const saved = await translationOf(trx, input.type, owner.id, locale);
      await attachInlineImages(ctx, trx, { articleId: owner.id, body: saved!.body, attachmentIds: [] });
    }
    await touchOwner(ctx, trx, owner, r.revision);
    await recordEvent(ctx, trx, {
      action: 'hc_translation.updated',
      subjectType: `hc_${input.type}`,
      subjectId: owner.id,
      details: { translation_id: current.id, source_type: input.type, source_id: owner.id, locale, revision: r.revision },
    });
    return current.id;
  });
}

import type { Ctx } from '../../context.ts';
import type { HcSourceType } from '../../shared/help-centre.ts';
import { recordEvent } from '../events.ts';
import { attachInlineImages } from './attach-inline-images.ts';
import { normalLocale } from './locale.ts';
import { authorizeTranslationWrite, touchOwner, translationOwner } from './translation-owner.ts';
import { createTranslationText } from './translation-text.ts';

export interface TranslationCreate {
  type: HcSourceType;
  sourceId: number;
  locale: string;
  title: string;
  body?: string;
  draft?: boolean;
  outdated?: boolean;
}

/** A new translation of an article, section or category (POST …/{id}/translations); returns its id. */
export async function createTranslation(ctx: Ctx, input: TranslationCreate): Promise<number> {
  authorizeTranslationWrite(ctx, input.type);
  const locale = normalLocale(input.locale);
  return ctx.db.transaction().execute(async (trx) => {
    const owner = await translationOwner(ctx, trx, input.type, input.sourceId);
    const t = await createTranslationText(ctx, trx, { type: input.type, sourceId: owner.id, locale, title: input.title, body: input.body, draft: input.draft, outdated: input.outdated });
    if (input.type === 'article') await attachInlineImages(ctx, trx, { articleId: owner.id, body: t.body, attachmentIds: [] });
    await touchOwner(ctx, trx, owner, true);
    await recordEvent(ctx, trx, { action: 'hc_translation.created', subjectType: `hc_${input.type}`, subjectId: owner.id, details: { translation_id: t.id, source_type: input.type, source_id: owner.id, locale } });
    return t.id;
  });
}

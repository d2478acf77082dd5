import type { Ctx } from '../../context.ts';
import { getSection, insertArticle, setLabels } from '../../db/queries/help-centre.ts';
import { getUser } from '../../db/queries/users.ts';
import { invalidField, notFound } from '../../errors.ts';
import { canWriteArticles } from '../../shared/policy.ts';
import { actingUserId } from '../auth/actor.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { attachInlineImages } from './attach-inline-images.ts';
import { cleanLabels } from './labels.ts';
import { normalLocale } from './locale.ts';
import { createTranslationText } from './translation-text.ts';

export interface ArticleCreate {
  sectionId: number;
  title: string;
  body?: string;
  locale?: string;
  draft?: boolean;
  promoted?: boolean;
  position?: number;
  commentsDisabled?: boolean;
  labelNames?: string[];
  authorId?: number;
  /** Uploaded attachments (POST /help_center/articles/attachments) to attach to the new article. */
  attachmentIds?: number[];
}

/** A new article with its source-locale translation (POST /help_center/sections/{id}/articles, staff). */
export async function createArticle(ctx: Ctx, input: ArticleCreate): Promise<number> {
  authorize(canWriteArticles(ctx.actor!));
  const labels = cleanLabels(input.labelNames ?? []);
  return ctx.db.transaction().execute(async (trx) => {
    const section = await getSection(trx, input.sectionId);
    if (!section) throw notFound();
    const locale = normalLocale(input.locale ?? section.source_locale);
    const authorId = input.authorId ?? actingUserId(ctx.actor);
    if (authorId === null) throw invalidField('author_id', 'Author: give the id of the agent who wrote it.');
    const author = await getUser(trx, authorId);
    if (!author || author.role === 'end-user' || author.deleted_at !== null || author.erased_at !== null) throw invalidField('author_id', 'Author: no such agent or admin.');
    const now = ctx.now().toISOString();
    const id = await insertArticle(trx, {
      section_id: section.id,
      author_id: authorId,
      position: input.position ?? 0,
      promoted: input.promoted ? 1 : 0,
      comments_disabled: input.commentsDisabled ? 1 : 0,
      source_locale: locale,
      archived_at: null,
      created_at: now,
      updated_at: now,
      edited_at: now,
    });
    const t = await createTranslationText(ctx, trx, { type: 'article', sourceId: id, locale, title: input.title, body: input.body ?? '', draft: input.draft ?? false });
    await setLabels(trx, id, labels);
    await attachInlineImages(ctx, trx, { articleId: id, body: t.body, attachmentIds: input.attachmentIds ?? [] });
    await recordEvent(ctx, trx, { action: 'hc_article.created', subjectType: 'hc_article', subjectId: id, details: { article_id: id, section_id: section.id, locale } });
    return id;
  });
}

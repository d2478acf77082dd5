import type { Ctx } from '../../context.ts';
import { getArticleForUpdate, getSection, setLabels, updateArticleRow, labelsOf, translationOf } from '../../db/queries/help-centre.ts';
import { getUser } from '../../db/queries/users.ts';
import { invalidField, notFound } from '../../errors.ts';
import { canWriteArticles } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { cleanLabels } from './labels.ts';
import { normalLocale } from './locale.ts';

export interface ArticleUpdate {
  id: number;
  sectionId?: number;
  authorId?: number;
  position?: number;
  promoted?: boolean;
  commentsDisabled?: boolean;
  labelNames?: string[];
  sourceLocale?: string;
}

/**
 * An article's metadata (PUT /help_center/articles/{id}, staff), as Zendesk's Update Article:
 * section, author, position, promotion, comments, labels, source locale. Title, body and
 * draft are a translation's (PUT …/translations/{locale}). An archived article cannot change
 * until restored (404). A save that changes nothing writes nothing.
 */
export async function updateArticle(ctx: Ctx, input: ArticleUpdate): Promise<void> {
  authorize(canWriteArticles(ctx.actor!));
  const labels = input.labelNames === undefined ? undefined : cleanLabels(input.labelNames);
  await ctx.db.transaction().execute(async (trx) => {
    const a = await getArticleForUpdate(trx, input.id, ctx.caps.rowLocks);
    if (!a || a.archived_at !== null) throw notFound();
    const patch: Record<string, string | number> = {};
    if (input.sectionId !== undefined && input.sectionId !== a.section_id) {
      if (!(await getSection(trx, input.sectionId))) throw invalidField('section_id', 'Section: no such section.');
      patch.section_id = input.sectionId;
    }
    if (input.authorId !== undefined && input.authorId !== a.author_id) {
      const u = await getUser(trx, input.authorId);
      if (!u || u.role === 'end-user' || u.deleted_at !== null || u.erased_at !== null) throw invalidField('author_id', 'Author: no such agent or admin.');
      patch.author_id = input.authorId;
    }
    if (input.position !== undefined && input.position !== a.position) patch.position = input.position;
    if (input.promoted !== undefined && Number(input.promoted) !== a.promoted) patch.promoted = input.promoted ? 1 : 0;
    if (input.commentsDisabled !== undefined && Number(input.commentsDisabled) !== a.comments_disabled) patch.comments_disabled = input.commentsDisabled ? 1 : 0;
    if (input.sourceLocale !== undefined) {
      const l = normalLocale(input.sourceLocale, 'source_locale');
      if (l !== a.source_locale) {
        if (!(await translationOf(trx, 'article', a.id, l))) throw invalidField('source_locale', `Source locale: the article has no translation in ${l}.`);
        patch.source_locale = l;
      }
    }
    const fields = Object.keys(patch);
    if (labels !== undefined) {
      const had = (await labelsOf(trx, [a.id])).get(a.id) ?? [];
      if (had.join('\n') !== labels.join('\n')) {
        await setLabels(trx, a.id, labels);
        fields.push('label_names');
      }
    }
    if (!fields.length) return;
    await updateArticleRow(trx, a.id, { ...patch, updated_at: ctx.now().toISOString() });
    await recordEvent(ctx, trx, { action: 'hc_article.updated', subjectType: 'hc_article', subjectId: a.id, details: { article_id: a.id, fields } });
  });
}

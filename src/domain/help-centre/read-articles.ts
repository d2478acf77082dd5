import type { Ctx } from '../../context.ts';
import {
  articleIdsWithLabels,
  articlesChangedSince,
  articleTranslationsMatching,
  countArticles,
  getArticle,
  getArticles,
  getSection,
  listArticles,
  revisionsOf,
  translationsOf,
  type RevisionRow,
  type TranslationRow,
} from '../../db/queries/help-centre.ts';
import { notFound } from '../../errors.ts';
import { canWriteArticles } from '../../shared/policy.ts';
import { authorize } from '../policy.ts';
import { articleViews, type ArticleView } from './article-view.ts';
import { normalLocale } from './locale.ts';
import { queryPhrases, snippetOf } from './read-public.ts';

// The staff API's reads of articles (docs/help-centre.md, "API"): drafts included, archived
// articles only in Archived articles and the incremental export.

/** A page of live articles (or archived ones), optionally of one section or with any of the labels, by position then id. */
export async function listArticlesForStaff(
  ctx: Ctx,
  input: { sectionId?: number; locale?: string; archived?: boolean; labelNames?: string[]; page: number; perPage: number },
): Promise<{ views: ArticleView[]; count: number }> {
  authorize(canWriteArticles(ctx.actor!));
  if (input.sectionId !== undefined && !(await getSection(ctx.db, input.sectionId))) throw notFound();
  const locale = input.locale === undefined ? undefined : normalLocale(input.locale);
  const archived = input.archived ?? false;
  if (input.labelNames?.length) {
    const ids = await articleIdsWithLabels(ctx.db, input.labelNames);
    const rows = (await getArticles(ctx.db, ids))
      .filter((a) => (archived ? a.archived_at !== null : a.archived_at === null) && (input.sectionId === undefined || a.section_id === input.sectionId))
      .sort((x, y) => x.position - y.position || x.id - y.id);
    const views = await articleViews(ctx.db, rows, locale);
    return { views: views.slice((input.page - 1) * input.perPage, input.page * input.perPage), count: views.length };
  }
  const rows = await listArticles(ctx.db, { sectionId: input.sectionId, locale, archived, limit: input.perPage, offset: (input.page - 1) * input.perPage });
  return { views: await articleViews(ctx.db, rows, locale), count: await countArticles(ctx.db, { sectionId: input.sectionId, locale, archived }) };
}

/** One live article in `locale` (its source locale when absent); 404 when archived or not in that locale. */
export async function readArticle(ctx: Ctx, input: { id: number; locale?: string }): Promise<ArticleView> {
  authorize(canWriteArticles(ctx.actor!));
  const a = await getArticle(ctx.db, input.id);
  if (!a || a.archived_at !== null) throw notFound();
  const [v] = await articleViews(ctx.db, [a], input.locale === undefined ? undefined : normalLocale(input.locale));
  if (!v) throw notFound();
  return v;
}

/** One article, live or archived, in its source locale (for the answer of archive, restore and redact). */
export async function readAnyArticle(ctx: Ctx, input: { id: number }): Promise<ArticleView> {
  authorize(canWriteArticles(ctx.actor!));
  const a = await getArticle(ctx.db, input.id);
  if (!a) throw notFound();
  const [v] = await articleViews(ctx.db, [a]);
  if (!v) throw notFound();
  return v;
}

/** The revisions of an article's translations (one locale's when given), newest first. */
export async function listRevisions(ctx: Ctx, input: { articleId: number; locale?: string }): Promise<{ revision: RevisionRow; translation: TranslationRow }[]> {
  authorize(canWriteArticles(ctx.actor!));
  const a = await getArticle(ctx.db, input.articleId);
  if (!a) throw notFound();
  const locale = input.locale === undefined ? undefined : normalLocale(input.locale);
  const ts = (await translationsOf(ctx.db, 'article', [a.id])).filter((t) => locale === undefined || t.locale === locale);
  const byId = new Map(ts.map((t) => [t.id, t]));
  return (await revisionsOf(ctx.db, ts.map((t) => t.id))).map((r) => ({ revision: r, translation: byId.get(r.translation_id)! }));
}

/**
 * Live articles whose current text (any translation, drafts included; never a revision)
 * holds every word of the query, each in the locale that matched; with a snippet.
 */
export async function searchArticles(ctx: Ctx, input: { query: string; locale?: string; page: number; perPage: number }): Promise<{ hits: { view: ArticleView; snippet: string }[]; more: boolean }> {
  authorize(canWriteArticles(ctx.actor!));
  const phrases = queryPhrases(input.query);
  if (!phrases.length) return { hits: [], more: false };
  const locale = input.locale === undefined ? undefined : normalLocale(input.locale);
  let matched = await articleTranslationsMatching(ctx.db, ctx.caps, phrases, input.perPage + 1, (input.page - 1) * input.perPage);
  const more = matched.length > input.perPage;
  matched = matched.slice(0, input.perPage);
  if (locale !== undefined) matched = matched.filter((t) => t.locale === locale);
  const articles = new Map((await getArticles(ctx.db, [...new Set(matched.map((t) => t.source_id))])).map((a) => [a.id, a]));
  const words = phrases.flatMap((p) => p.tokens);
  const hits: { view: ArticleView; snippet: string }[] = [];
  for (const t of matched) {
    const [view] = await articleViews(ctx.db, [articles.get(t.source_id)!], undefined, new Map([[t.source_id, t.id]]));
    if (view) hits.push({ view, snippet: snippetOf(t.search_text, words) });
  }
  return { hits, more };
}

/** Articles (archived ones too) changed at or after `since`, after `afterId` at that instant; oldest change first, in their source locale. */
export async function exportArticlesSince(ctx: Ctx, input: { since: string; afterId: number; limit: number }): Promise<ArticleView[]> {
  authorize(canWriteArticles(ctx.actor!));
  return articleViews(ctx.db, await articlesChangedSince(ctx.db, input.since, input.afterId, input.limit));
}

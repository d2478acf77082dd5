import type { Ctx } from '../../context.ts';
import {
  attachmentsOfArticle,
  getArticle,
  getArticles,
  getCategory,
  getSection,
  labelsOf,
  listArticles,
  listCategories,
  listSections,
  publishedTranslationsMatching,
  translationsOf,
  voteTotals,
  type ArticleRow,
  type TranslationRow,
} from '../../db/queries/help-centre.ts';
import type { HcSourceType } from '../../shared/help-centre.ts';
import { textTokens } from '../../search/syntax.ts';
import { ATTACHMENT_PATH } from './article-html.ts';

// What readers of the public help centre see (docs/help-centre.md, "Published"), for the
// server-rendered pages at /hc. No sign-in is needed and nothing here authorizes: it only
// ever returns published text.
//
// An article is published when it is not archived and the translation shown is not a draft.
// The translation shown is the one in the reader's locale when there is a published one,
// else the article's source-locale translation when that is published; otherwise the article
// is not shown at all (as if it did not exist). Categories and sections have no drafts:
// their text is shown in the reader's locale, else in their source locale. Revisions are
// never shown here. Sections and categories are listed even when empty.

export interface PublicCategory {
  id: number;
  name: string;
  description: string;
  locale: string;
  position: number;
}

export interface PublicSection {
  id: number;
  category_id: number;
  parent_section_id: number | null;
  name: string;
  description: string;
  locale: string;
  position: number;
}

export interface PublicAttachment {
  id: number;
  file_name: string;
  content_type: string;
  size: number;
  inline: boolean;
  /** Where the bytes are served: /hc/article_attachments/{id}/{file_name}. */
  content_url: string;
}

export interface PublicArticleSummary {
  id: number;
  section_id: number;
  title: string;
  locale: string;
  promoted: boolean;
  position: number;
  created_at: string;
  edited_at: string;
}

export interface PublicArticle extends PublicArticleSummary {
  category_id: number;
  /** Sanitized HTML (src/domain/help-centre/article-html.ts): safe to put into a page as it is. */
  body: string;
  source_locale: string;
  author_id: number;
  updated_at: string;
  label_names: string[];
  comments_disabled: boolean;
  vote_sum: number;
  vote_count: number;
  /** Every attachment of the article; `inline` ones are shown in the body, the others listed under it. */
  attachments: PublicAttachment[];
  /** The locales the article is published in. */
  locales: string[];
}

export interface PublicSearchHit extends PublicArticleSummary {
  /** Plain text around the first match (not HTML: escape it). */
  snippet: string;
}

/** The URL of an attachment's bytes. */
export function attachmentUrl(a: { id: number; file_name: string }): string {
  return `${ATTACHMENT_PATH}${a.id}/${encodeURIComponent(a.file_name)}`;
}

/** The translation to show of each item: the locale's, else the source locale's; drafts only where `drafts`. */
function pick(rows: TranslationRow[], sourceLocale: (id: number) => string | undefined, locale: string | undefined, drafts: boolean): Map<number, TranslationRow> {
  const byItem = new Map<number, TranslationRow[]>();
  for (const t of rows) if (drafts || t.draft === 0) byItem.set(t.source_id, [...(byItem.get(t.source_id) ?? []), t]);
  const out = new Map<number, TranslationRow>();
  for (const [id, ts] of byItem) {
    const t = (locale !== undefined ? ts.find((x) => x.locale === locale) : undefined) ?? ts.find((x) => x.locale === sourceLocale(id));
    if (t) out.set(id, t);
  }
  return out;
}

async function shown(ctx: Ctx, type: HcSourceType, items: { id: number; source_locale: string }[], locale: string | undefined, drafts: boolean) {
  const byId = new Map(items.map((i) => [i.id, i.source_locale]));
  return pick(await translationsOf(ctx.db, type, items.map((i) => i.id)), (id) => byId.get(id), locale?.toLowerCase(), drafts);
}

/** Every category, by position then id, in the reader's locale (else its source locale). */
export async function listPublishedCategories(ctx: Ctx, input: { locale?: string }): Promise<PublicCategory[]> {
  const cats = await listCategories(ctx.db);
  const text = await shown(ctx, 'category', cats, input.locale, true);
  return cats.flatMap((c) => {
    const t = text.get(c.id);
    return t ? [{ id: c.id, name: t.title, description: t.body, locale: t.locale, position: c.position }] : [];
  });
}

/** One category, or null. */
export async function readPublishedCategory(ctx: Ctx, input: { id: number; locale?: string }): Promise<PublicCategory | null> {
  const c = await getCategory(ctx.db, input.id);
  if (!c) return null;
  const t = (await shown(ctx, 'category', [c], input.locale, true)).get(c.id);
  return t ? { id: c.id, name: t.title, description: t.body, locale: t.locale, position: c.position } : null;
}

/** The sections of a category (every level; `parent_section_id` says where a subsection goes), by position then id. */
export async function sectionsOf(ctx: Ctx, input: { categoryId: number; locale?: string }): Promise<PublicSection[]> {
  const secs = await listSections(ctx.db, input.categoryId);
  const text = await shown(ctx, 'section', secs, input.locale, true);
  return secs.flatMap((s) => {
    const t = text.get(s.id);
    return t
      ? [{ id: s.id, category_id: s.category_id, parent_section_id: s.parent_section_id, name: t.title, description: t.body, locale: t.locale, position: s.position }]
      : [];
  });
}

/** One section, or null. */
export async function readPublishedSection(ctx: Ctx, input: { id: number; locale?: string }): Promise<PublicSection | null> {
  const s = await getSection(ctx.db, input.id);
  if (!s) return null;
  const t = (await shown(ctx, 'section', [s], input.locale, true)).get(s.id);
  return t ? { id: s.id, category_id: s.category_id, parent_section_id: s.parent_section_id, name: t.title, description: t.body, locale: t.locale, position: s.position } : null;
}

function summary(a: ArticleRow, t: TranslationRow): PublicArticleSummary {
  return { id: a.id, section_id: a.section_id, title: t.title, locale: t.locale, promoted: a.promoted === 1, position: a.position, created_at: a.created_at, edited_at: a.edited_at };
}

/** The published articles of a section: promoted ones first, then by position, then id. */
export async function articlesOfSection(ctx: Ctx, input: { sectionId: number; locale?: string }): Promise<PublicArticleSummary[]> {
  const rows = await listArticles(ctx.db, { sectionId: input.sectionId, archived: false, limit: 1000, offset: 0 });
  const text = await shown(ctx, 'article', rows, input.locale, false);
  return rows
    .flatMap((a) => {
      const t = text.get(a.id);
      return t ? [summary(a, t)] : [];
    })
    .sort((x, y) => Number(y.promoted) - Number(x.promoted) || x.position - y.position || x.id - y.id);
}

/** A published article in the reader's locale (else its source locale), or null when it is not published. */
export async function readPublishedArticle(ctx: Ctx, input: { id: number; locale?: string }): Promise<PublicArticle | null> {
  const a = await getArticle(ctx.db, input.id);
  if (!a || a.archived_at !== null) return null;
  const all = (await translationsOf(ctx.db, 'article', [a.id])).filter((t) => t.draft === 0);
  const t = pick(all, () => a.source_locale, input.locale?.toLowerCase(), false).get(a.id);
  if (!t) return null;
  const section = await getSection(ctx.db, a.section_id);
  const votes = (await voteTotals(ctx.db, [a.id])).get(a.id) ?? { sum: 0, count: 0 };
  const files = await attachmentsOfArticle(ctx.db, a.id);
  return {
    ...summary(a, t),
    category_id: section!.category_id,
    body: t.body,
    source_locale: a.source_locale,
    author_id: a.author_id,
    updated_at: a.updated_at,
    label_names: (await labelsOf(ctx.db, [a.id])).get(a.id) ?? [],
    comments_disabled: a.comments_disabled === 1,
    vote_sum: votes.sum,
    vote_count: votes.count,
    attachments: files.map((f) => ({ id: f.id, file_name: f.file_name, content_type: f.content_type, size: f.size, inline: f.inline === 1, content_url: attachmentUrl(f) })),
    locales: all.map((x) => x.locale).sort(),
  };
}

/** Whether an article attachment may be served to anyone: its article is published (in some locale). */
export async function attachmentIsPublic(ctx: Ctx, input: { articleId: number | null }): Promise<boolean> {
  if (input.articleId === null) return false;
  const a = await getArticle(ctx.db, input.articleId);
  if (!a || a.archived_at !== null) return false;
  return (await translationsOf(ctx.db, 'article', [a.id])).some((t) => t.draft === 0);
}

/** The words of a query as phrases: "quoted" ones kept together, at most 10. */
export function queryPhrases(query: string) {
  return [...query.matchAll(/"([^"]*)"|(\S+)/gu)]
    .map((m) => textTokens(m[1] ?? m[2] ?? ''))
    .filter((t) => t.length > 0)
    .slice(0, 10)
    .map((tokens) => ({ tokens, prefix: false }));
}

/** Plain text around the first of the words, about 30 words long. */
export function snippetOf(text: string, words: string[]): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const lower = flat.toLowerCase();
  let at = -1;
  for (const w of words) {
    const i = lower.indexOf(w);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const tokens = flat.split(' ');
  let pos = 0;
  let index = 0;
  for (; index < tokens.length; index++) {
    if (pos + tokens[index]!.length >= at) break;
    pos += tokens[index]!.length + 1;
  }
  const from = Math.max(0, index - 10);
  const part = tokens.slice(from, from + 30).join(' ');
  return `${from > 0 ? '…' : ''}${part}${from + 30 < tokens.length ? '…' : ''}`;
}

/**
 * Published articles holding every word of the query (a "quoted phrase" as one) in the
 * translation a reader of `locale` is shown (title and body text; never a draft, an
 * archived article or a revision), through the full-text index; at most `limit`, by id.
 */
export async function searchPublishedArticles(ctx: Ctx, input: { query: string; locale?: string; limit?: number }): Promise<PublicSearchHit[]> {
  const phrases = queryPhrases(input.query);
  if (!phrases.length) return [];
  const limit = Math.min(input.limit ?? 25, 100);
  const matched = await publishedTranslationsMatching(ctx.db, ctx.caps, phrases, 1000);
  const matchedIds = new Set(matched.map((t) => t.id));
  const articles = await getArticles(ctx.db, [...new Set(matched.map((t) => t.source_id))]);
  const text = await shown(ctx, 'article', articles, input.locale, false);
  const words = phrases.flatMap((p) => p.tokens);
  return articles
    .sort((x, y) => x.id - y.id)
    .flatMap((a) => {
      const t = text.get(a.id);
      return t && matchedIds.has(t.id) ? [{ ...summary(a, t), snippet: snippetOf(t.search_text, words) }] : [];
    })
    .slice(0, limit);
}

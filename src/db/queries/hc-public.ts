import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../schema.ts';
import type { HcTranslationsTable } from '../schema-help-centre.ts';

// What the public help centre reads of the knowledge base until hc-kb's
// src/domain/help-centre/read-public.ts is merged in: categories, sections and live,
// published articles in a locale (the locale's translation when it is published, else the
// source locale's), and a plain search over their text.

export type TranslationRow = Selectable<HcTranslationsTable>;

/** The published translation of each item in the locale, falling back to its source locale. */
async function translations(db: Kysely<Database>, type: 'category' | 'section' | 'article', ids: number[], locale: string, sourceOf: Map<number, string>) {
  const out = new Map<number, TranslationRow>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('hc_translations').selectAll().where('source_type', '=', type).where('source_id', 'in', ids).where('draft', '=', 0).execute();
  for (const id of ids) {
    const mine = rows.filter((r) => r.source_id === id);
    const t = mine.find((r) => r.locale === locale) ?? mine.find((r) => r.locale === sourceOf.get(id));
    if (t) out.set(id, t);
  }
  return out;
}

export interface PublicItem {
  id: number;
  title: string;
  body: string;
  locale: string;
}

function items<T extends { id: number }>(rows: T[], tr: Map<number, TranslationRow>): (T & PublicItem)[] {
  return rows.flatMap((r) => {
    const t = tr.get(r.id);
    return t ? [{ ...r, title: t.title, body: t.body, locale: t.locale }] : [];
  });
}

export async function publicCategories(db: Kysely<Database>, locale: string) {
  const rows = await db.selectFrom('hc_categories').selectAll().orderBy('position').orderBy('id').limit(500).execute();
  return items(rows, await translations(db, 'category', rows.map((r) => r.id), locale, new Map(rows.map((r) => [r.id, r.source_locale]))));
}

export async function publicCategory(db: Kysely<Database>, id: number, locale: string) {
  const rows = await db.selectFrom('hc_categories').selectAll().where('id', '=', id).execute();
  return items(rows, await translations(db, 'category', [id], locale, new Map(rows.map((r) => [r.id, r.source_locale]))))[0];
}

export async function publicSections(db: Kysely<Database>, of: { categoryId?: number; sectionId?: number }, locale: string) {
  let q = db.selectFrom('hc_sections').selectAll();
  if (of.categoryId !== undefined) q = q.where('category_id', '=', of.categoryId);
  if (of.sectionId !== undefined) q = q.where('id', '=', of.sectionId);
  const rows = await q.orderBy('position').orderBy('id').limit(500).execute();
  return items(rows, await translations(db, 'section', rows.map((r) => r.id), locale, new Map(rows.map((r) => [r.id, r.source_locale]))));
}

export async function publicArticles(db: Kysely<Database>, of: { sectionId?: number; articleId?: number; ids?: number[] }, locale: string) {
  let q = db.selectFrom('hc_articles').selectAll().where('archived_at', 'is', null);
  if (of.sectionId !== undefined) q = q.where('section_id', '=', of.sectionId);
  if (of.articleId !== undefined) q = q.where('id', '=', of.articleId);
  if (of.ids) q = of.ids.length ? q.where('id', 'in', of.ids) : q.where('id', '=', -1);
  const rows = await q.orderBy('position').orderBy('id').limit(500).execute();
  return items(rows, await translations(db, 'article', rows.map((r) => r.id), locale, new Map(rows.map((r) => [r.id, r.source_locale]))));
}

/** Ids of live articles whose published text holds every word of the query (at most 50). */
export async function searchPublicArticleIds(db: Kysely<Database>, words: string[]): Promise<number[]> {
  if (!words.length) return [];
  let q = db
    .selectFrom('hc_translations')
    .innerJoin('hc_articles', 'hc_articles.id', 'hc_translations.source_id')
    .select('hc_translations.source_id')
    .where('hc_translations.source_type', '=', 'article')
    .where('hc_translations.draft', '=', 0)
    .where('hc_articles.archived_at', 'is', null);
  for (const w of words) {
    const pattern = `%${w.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`lower(hc_translations.search_text) like ${pattern} escape '\\'`);
  }
  const rows = await q.distinct().limit(50).execute();
  return rows.map((r) => r.source_id);
}

/** The files of an article that are listed under it (not inline). */
export async function publicArticleFiles(db: Kysely<Database>, articleId: number) {
  return db.selectFrom('hc_article_attachments').select(['id', 'file_name', 'size', 'inline']).where('article_id', '=', articleId).orderBy('id').execute();
}

import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { DialectCaps, TextMatch } from '../dialects/caps.ts';
import type { Database } from '../schema.ts';
import type {
  HcArticleAttachmentsTable,
  HcArticlesTable,
  HcCategoriesTable,
  HcRevisionsTable,
  HcSectionsTable,
  HcTranslationsTable,
} from '../schema-help-centre.ts';
import type { HcSourceType } from '../../shared/help-centre.ts';

// The knowledge base's rows (docs/help-centre.md): categories, sections, articles, their
// translations and revisions, labels and attachments. Deleting an article forever removes
// its rows deepest first, in the caller's transaction; the search rows go with them (FTS5
// triggers on SQLite, the expression indexes on PostgreSQL).

export type CategoryRow = Selectable<HcCategoriesTable>;
export type SectionRow = Selectable<HcSectionsTable>;
export type ArticleRow = Selectable<HcArticlesTable>;
export type TranslationRow = Selectable<HcTranslationsTable>;
export type RevisionRow = Selectable<HcRevisionsTable>;
/** An attachment's row without its bytes. */
export type ArticleAttachmentRow = Omit<Selectable<HcArticleAttachmentsTable>, 'data'>;

type Db = Kysely<Database>;

const ATTACHMENT_COLUMNS = ['id', 'article_id', 'uploader_id', 'file_name', 'content_type', 'size', 'inline', 'created_at'] as const;

// Categories and sections

export async function insertCategory(db: Db, row: Insertable<HcCategoriesTable>): Promise<number> {
  const r = await db.insertInto('hc_categories').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getCategory(db: Db, id: number): Promise<CategoryRow | undefined> {
  return db.selectFrom('hc_categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCategories(db: Db): Promise<CategoryRow[]> {
  return db.selectFrom('hc_categories').selectAll().orderBy('position').orderBy('id').execute();
}

export async function updateCategoryRow(db: Db, id: number, patch: Updateable<HcCategoriesTable>): Promise<void> {
  await db.updateTable('hc_categories').set(patch).where('id', '=', id).execute();
}

export async function deleteCategoryRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('hc_categories').where('id', '=', id).execute();
}

export async function insertSection(db: Db, row: Insertable<HcSectionsTable>): Promise<number> {
  const r = await db.insertInto('hc_sections').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getSection(db: Db, id: number): Promise<SectionRow | undefined> {
  return db.selectFrom('hc_sections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSections(db: Db, categoryId?: number): Promise<SectionRow[]> {
  let q = db.selectFrom('hc_sections').selectAll();
  if (categoryId !== undefined) q = q.where('category_id', '=', categoryId);
  return q.orderBy('position').orderBy('id').execute();
}

export async function updateSectionRow(db: Db, id: number, patch: Updateable<HcSectionsTable>): Promise<void> {
  await db.updateTable('hc_sections').set(patch).where('id', '=', id).execute();
}

export async function deleteSectionRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('hc_sections').where('id', '=', id).execute();
}

/** How many articles (archived ones too) and subsections a section holds. */
export async function sectionContents(db: Db, sectionId: number): Promise<{ articles: number; sections: number }> {
  const a = await db.selectFrom('hc_articles').select((eb) => eb.fn.countAll<number>().as('n')).where('section_id', '=', sectionId).executeTakeFirstOrThrow();
  const s = await db.selectFrom('hc_sections').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_section_id', '=', sectionId).executeTakeFirstOrThrow();
  return { articles: Number(a.n), sections: Number(s.n) };
}

// Articles

export async function insertArticle(db: Db, row: Insertable<HcArticlesTable>): Promise<number> {
  const r = await db.insertInto('hc_articles').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getArticle(db: Db, id: number): Promise<ArticleRow | undefined> {
  return db.selectFrom('hc_articles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getArticleForUpdate(trx: Transaction<Database>, id: number, rowLocks: boolean): Promise<ArticleRow | undefined> {
  const q = trx.selectFrom('hc_articles').selectAll().where('id', '=', id);
  return (rowLocks ? q.forUpdate() : q).executeTakeFirst();
}

export async function getArticles(db: Db, ids: number[]): Promise<ArticleRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('hc_articles').selectAll().where('id', 'in', ids).execute();
}

/** The ids of articles with a translation in the locale. */
function inLocale(db: Db, locale: string) {
  return db.selectFrom('hc_translations').select('source_id').where('source_type', '=', 'article').where('locale', '=', locale);
}

/** Articles, live or archived, optionally of one section (and with a translation in a locale); ordered by position, then id. */
export async function listArticles(db: Db, opts: { sectionId?: number; locale?: string; archived: boolean; limit: number; offset: number }): Promise<ArticleRow[]> {
  let q = db.selectFrom('hc_articles').selectAll();
  if (opts.sectionId !== undefined) q = q.where('section_id', '=', opts.sectionId);
  if (opts.locale !== undefined) q = q.where('id', 'in', inLocale(db, opts.locale));
  q = opts.archived ? q.where('archived_at', 'is not', null) : q.where('archived_at', 'is', null);
  return q.orderBy('position').orderBy('id').limit(opts.limit).offset(opts.offset).execute();
}

export async function countArticles(db: Db, opts: { sectionId?: number; locale?: string; archived: boolean }): Promise<number> {
  let q = db.selectFrom('hc_articles').select((eb) => eb.fn.countAll<number>().as('n'));
  if (opts.sectionId !== undefined) q = q.where('section_id', '=', opts.sectionId);
  if (opts.locale !== undefined) q = q.where('id', 'in', inLocale(db, opts.locale));
  q = opts.archived ? q.where('archived_at', 'is not', null) : q.where('archived_at', 'is', null);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function updateArticleRow(db: Db, id: number, patch: Updateable<HcArticlesTable>): Promise<void> {
  await db.updateTable('hc_articles').set(patch).where('id', '=', id).execute();
}

/** Articles changed at or after `since` (after `afterId` at that very time), oldest change first. */
export async function articlesChangedSince(db: Db, since: string, afterId: number, limit: number): Promise<ArticleRow[]> {
  return db
    .selectFrom('hc_articles')
    .selectAll()
    .where((eb) => eb.or([eb('updated_at', '>', since), eb.and([eb('updated_at', '=', since), eb('id', '>', afterId)])]))
    .orderBy('updated_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

// Labels

export async function labelsOf(db: Db, articleIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!articleIds.length) return out;
  const rows = await db.selectFrom('hc_article_labels').selectAll().where('article_id', 'in', articleIds).orderBy('name').execute();
  for (const r of rows) out.set(r.article_id, [...(out.get(r.article_id) ?? []), r.name]);
  return out;
}

export async function setLabels(db: Db, articleId: number, names: string[]): Promise<void> {
  await db.deleteFrom('hc_article_labels').where('article_id', '=', articleId).execute();
  if (names.length) await db.insertInto('hc_article_labels').values(names.map((name) => ({ article_id: articleId, name }))).execute();
}

// Translations and revisions

export async function insertTranslation(db: Db, row: Insertable<HcTranslationsTable>): Promise<number> {
  const r = await db.insertInto('hc_translations').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getTranslation(db: Db, id: number): Promise<TranslationRow | undefined> {
  return db.selectFrom('hc_translations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function translationOf(db: Db, type: HcSourceType, sourceId: number, locale: string): Promise<TranslationRow | undefined> {
  return db.selectFrom('hc_translations').selectAll().where('source_type', '=', type).where('source_id', '=', sourceId).where('locale', '=', locale).executeTakeFirst();
}

/** Every translation of the given items, ordered by item, then locale. */
export async function translationsOf(db: Db, type: HcSourceType, sourceIds: number[]): Promise<TranslationRow[]> {
  if (!sourceIds.length) return [];
  return db.selectFrom('hc_translations').selectAll().where('source_type', '=', type).where('source_id', 'in', sourceIds).orderBy('source_id').orderBy('locale').execute();
}

export async function updateTranslationRow(db: Db, id: number, patch: Updateable<HcTranslationsTable>): Promise<void> {
  await db.updateTable('hc_translations').set(patch).where('id', '=', id).execute();
}

export async function deleteTranslationRows(db: Db, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await db.deleteFrom('hc_revisions').where('translation_id', 'in', ids).execute();
  await db.deleteFrom('hc_translations').where('id', 'in', ids).execute();
}

export async function insertRevision(db: Db, row: Insertable<HcRevisionsTable>): Promise<void> {
  await db.insertInto('hc_revisions').values(row).execute();
}

/** Revisions of the translations, newest first. */
export async function revisionsOf(db: Db, translationIds: number[]): Promise<RevisionRow[]> {
  if (!translationIds.length) return [];
  return db.selectFrom('hc_revisions').selectAll().where('translation_id', 'in', translationIds).orderBy('id', 'desc').execute();
}

export async function updateRevisionRow(db: Db, id: number, patch: Updateable<HcRevisionsTable>): Promise<void> {
  await db.updateTable('hc_revisions').set(patch).where('id', '=', id).execute();
}

// Attachments

export async function insertArticleAttachment(db: Db, row: Insertable<HcArticleAttachmentsTable>): Promise<number> {
  const r = await db.insertInto('hc_article_attachments').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getArticleAttachment(db: Db, id: number): Promise<ArticleAttachmentRow | undefined> {
  return db.selectFrom('hc_article_attachments').select(ATTACHMENT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function articleAttachmentData(db: Db, id: number): Promise<Buffer | undefined> {
  const r = await db.selectFrom('hc_article_attachments').select('data').where('id', '=', id).executeTakeFirst();
  return r ? Buffer.from(r.data) : undefined;
}

export async function attachmentsOfArticle(db: Db, articleId: number): Promise<ArticleAttachmentRow[]> {
  return db.selectFrom('hc_article_attachments').select(ATTACHMENT_COLUMNS).where('article_id', '=', articleId).orderBy('id').execute();
}

export async function setAttachmentArticle(db: Db, id: number, articleId: number, inline: 0 | 1): Promise<void> {
  await db.updateTable('hc_article_attachments').set({ article_id: articleId, inline }).where('id', '=', id).execute();
}

export async function deleteArticleAttachmentRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('hc_article_attachments').where('id', '=', id).execute();
}

// Deleting an article forever

/** Every row of the article, deepest first: revisions, translations, labels, attachments, comments, votes, the article. */
export async function deleteArticleRows(db: Db, articleId: number): Promise<{ translations: number; revisions: number; attachments: number; comments: number; votes: number }> {
  const tIds = (await db.selectFrom('hc_translations').select('id').where('source_type', '=', 'article').where('source_id', '=', articleId).execute()).map((r) => r.id);
  const revisions = tIds.length ? await db.deleteFrom('hc_revisions').where('translation_id', 'in', tIds).executeTakeFirst() : { numDeletedRows: 0n };
  if (tIds.length) await db.deleteFrom('hc_translations').where('id', 'in', tIds).execute();
  await db.deleteFrom('hc_article_labels').where('article_id', '=', articleId).execute();
  const attachments = await db.deleteFrom('hc_article_attachments').where('article_id', '=', articleId).executeTakeFirst();
  const comments = await db.deleteFrom('hc_article_comments').where('article_id', '=', articleId).executeTakeFirst();
  const votes = await db.deleteFrom('hc_votes').where('item_type', '=', 'article').where('item_id', '=', articleId).executeTakeFirst();
  await db.deleteFrom('hc_articles').where('id', '=', articleId).execute();
  return {
    translations: tIds.length,
    revisions: Number(revisions.numDeletedRows),
    attachments: Number(attachments.numDeletedRows),
    comments: Number(comments.numDeletedRows),
    votes: Number(votes.numDeletedRows),
  };
}

/** Sum and count of the article's votes. */
export async function voteTotals(db: Db, articleIds: number[]): Promise<Map<number, { sum: number; count: number }>> {
  const out = new Map<number, { sum: number; count: number }>();
  if (!articleIds.length) return out;
  const rows = await db
    .selectFrom('hc_votes')
    .select(['item_id', sql<number>`sum(value)`.as('sum'), sql<number>`count(*)`.as('count')])
    .where('item_type', '=', 'article')
    .where('item_id', 'in', articleIds)
    .groupBy('item_id')
    .execute();
  for (const r of rows) out.set(r.item_id, { sum: Number(r.sum), count: Number(r.count) });
  return out;
}

// Full-text matches

/** Article translations whose indexed text holds every phrase (each phrase through the index), not drafts, of live articles. */
export async function publishedTranslationsMatching(db: Db, caps: DialectCaps, phrases: TextMatch[], limit: number): Promise<TranslationRow[]> {
  let q = db
    .selectFrom('hc_translations as t')
    .innerJoin('hc_articles as a', 'a.id', 't.source_id')
    .selectAll('t')
    .where('t.source_type', '=', 'article')
    .where('t.draft', '=', 0)
    .where('a.archived_at', 'is', null);
  for (const p of phrases) q = q.where('t.id', 'in', sql<number>`(${caps.search.rowsMatching('hc_translations', [p])})`);
  return q.orderBy('t.source_id').orderBy('t.id').limit(limit).execute();
}

/** Articles (live or archived) whose translations or revisions hold every phrase; ids ascending. */
export async function articleIdsMatching(db: Db, caps: DialectCaps, phrases: TextMatch[], opts: { archived: boolean; limit: number }): Promise<number[]> {
  let q = db.selectFrom('hc_articles').select('id');
  q = opts.archived ? q.where('archived_at', 'is not', null) : q.where('archived_at', 'is', null);
  for (const p of phrases) q = q.where('id', 'in', sql<number>`(${caps.search.idsMatching('hc_translation', [p])})`);
  return (await q.orderBy('id').limit(opts.limit).execute()).map((r) => r.id);
}

/** Article translations (drafts too) whose indexed text holds every phrase, of live articles. */
export async function articleTranslationsMatching(db: Db, caps: DialectCaps, phrases: TextMatch[], limit: number, offset: number): Promise<TranslationRow[]> {
  let q = db
    .selectFrom('hc_translations as t')
    .innerJoin('hc_articles as a', 'a.id', 't.source_id')
    .selectAll('t')
    .where('t.source_type', '=', 'article')
    .where('a.archived_at', 'is', null);
  for (const p of phrases) q = q.where('t.id', 'in', sql<number>`(${caps.search.rowsMatching('hc_translations', [p])})`);
  return q.orderBy('t.source_id').orderBy('t.id').limit(limit).offset(offset).execute();
}

/** Articles with any of the labels. */
export async function articleIdsWithLabels(db: Db, names: string[]): Promise<number[]> {
  if (!names.length) return [];
  return (await db.selectFrom('hc_article_labels').select('article_id').distinct().where('name', 'in', names).execute()).map((r) => r.article_id);
}

// Erasure requests

export async function maxArticleId(db: Db): Promise<number> {
  const r = await db.selectFrom('hc_articles').select((eb) => eb.fn.max('id').as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** One text of an article: a translation's current text, or a revision of one. */
export interface ArticleText {
  article_id: number;
  archived: boolean;
  field: 'translation' | 'revision';
  title: string;
  body: string;
  search_text: string;
}

/** Every translation and revision of the articles with ids in (after, upTo], by article. */
export async function articleTextsInRange(db: Db, after: number, upTo: number): Promise<ArticleText[]> {
  const ts = await db
    .selectFrom('hc_translations as t')
    .innerJoin('hc_articles as a', 'a.id', 't.source_id')
    .select(['t.id', 't.source_id', 't.title', 't.body', 't.search_text', 'a.archived_at'])
    .where('t.source_type', '=', 'article')
    .where('t.source_id', '>', after)
    .where('t.source_id', '<=', upTo)
    .orderBy('t.source_id')
    .orderBy('t.id')
    .execute();
  const byId = new Map(ts.map((t) => [t.id, t]));
  const revs = ts.length
    ? await db.selectFrom('hc_revisions').select(['translation_id', 'title', 'body', 'search_text']).where('translation_id', 'in', ts.map((t) => t.id)).orderBy('id').execute()
    : [];
  return [
    ...ts.map((t) => ({ article_id: t.source_id, archived: t.archived_at !== null, field: 'translation' as const, title: t.title, body: t.body, search_text: t.search_text })),
    ...revs.map((r) => {
      const t = byId.get(r.translation_id)!;
      return { article_id: t.source_id, archived: t.archived_at !== null, field: 'revision' as const, title: r.title, body: r.body, search_text: r.search_text };
    }),
  ];
}

import { dbOf, isoOf, type On } from './where.ts';

// Knowledge-base rows the community tests stand on, written straight into the tables (the
// authoring API is hc-kb's): a category, a section and an article with one translation.

export interface ArticleSeed {
  title?: string;
  body?: string;
  locale?: string;
  draft?: boolean;
  commentsDisabled?: boolean;
  archived?: boolean;
  authorId: number;
}

/** A category, a section and an article in them; returns their ids. */
export async function insertArticle(on: On, seed: ArticleSeed): Promise<{ categoryId: number; sectionId: number; articleId: number }> {
  const db = dbOf(on);
  const now = isoOf(on);
  const locale = seed.locale ?? 'en-us';
  const stamps = { created_at: now, updated_at: now };
  const tr = async (source_type: string, source_id: number, title: string, body: string, draft = 0) =>
    db.insertInto('hc_translations').values({ source_type, source_id, locale, title, body, search_text: `${title}\n${body.replace(/<[^>]*>/g, '')}`, draft, outdated: 0, created_by_id: seed.authorId, updated_by_id: seed.authorId, ...stamps }).execute();
  const c = await db.insertInto('hc_categories').values({ position: 0, source_locale: locale, ...stamps }).returning('id').executeTakeFirstOrThrow();
  await tr('category', c.id, 'Getting started', 'Everything to begin with');
  const s = await db.insertInto('hc_sections').values({ category_id: c.id, parent_section_id: null, position: 0, source_locale: locale, ...stamps }).returning('id').executeTakeFirstOrThrow();
  await tr('section', s.id, 'Orders', 'About orders');
  const a = await db
    .insertInto('hc_articles')
    .values({ section_id: s.id, author_id: seed.authorId, position: 0, promoted: 0, comments_disabled: seed.commentsDisabled ? 1 : 0, source_locale: locale, archived_at: seed.archived ? now : null, ...stamps, edited_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tr('article', a.id, seed.title ?? 'How to track an order', seed.body ?? '<p>Open the order page and follow the parcel.</p>', seed.draft ? 1 : 0);
  return { categoryId: c.id, sectionId: s.id, articleId: a.id };
}

import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// The help centre (docs/help-centre.md): a knowledge base of categories → sections →
// articles, and a community of topics → posts → comments.
//
// Text lives in *translations*, one per locale of a category, section or article; an
// article's title and body in the API are its translation in the article's source locale.
// Every save of a translation first copies the text it replaces into a *revision*: editors
// need that history, and it is exactly why deleting an article must reach every revision of
// every translation (and why a string redaction applies to all of them). `search_text` is the
// title and the body's text without markup, kept by the code that writes the translation;
// the public search and the erasure request read its full-text index.
//
// An article is archived (Zendesk's DELETE) by setting archived_at; archived articles can be
// restored or deleted forever, which removes its translations, revisions, labels,
// attachments, comments and votes in one transaction. Votes lose their voter when that person
// is erased (user_id null) and keep counting. Community posts and comments of an erased
// person go with their attachments (the erasure map, src/domain/erasure/map/help-centre.ts).

type Builder = CreateTableBuilder<string, never>;

function withId(t: Builder, caps: DialectCaps): Builder {
  return caps.idType === 'serial'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  await withId(db.schema.createTable('hc_categories'), caps)
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('source_locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('hc_sections'), caps)
    .addColumn('category_id', 'integer', (c) => c.notNull().references('hc_categories.id'))
    .addColumn('parent_section_id', 'integer', (c) => c.references('hc_sections.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('source_locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hc_sections_category').on('hc_sections').columns(['category_id', 'position']).execute();
  await db.schema.createIndex('hc_sections_parent').on('hc_sections').columns(['parent_section_id']).execute();

  await withId(db.schema.createTable('hc_articles'), caps)
    .addColumn('section_id', 'integer', (c) => c.notNull().references('hc_sections.id'))
    // The agent who wrote it; repointed to the "Permanently Deleted User" stub on erasure.
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('promoted', 'integer', (c) => c.notNull())
    .addColumn('comments_disabled', 'integer', (c) => c.notNull())
    .addColumn('source_locale', 'text', (c) => c.notNull())
    // Set by DELETE /help_center/articles/{id} (Zendesk's archive); null while live.
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hc_articles_section').on('hc_articles').columns(['section_id', 'position']).execute();
  await db.schema.createIndex('hc_articles_author').on('hc_articles').columns(['author_id']).execute();
  await db.schema.createIndex('hc_articles_updated').on('hc_articles').columns(['updated_at', 'id']).execute();

  await withId(db.schema.createTable('hc_translations'), caps)
    // category | section | article
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // HTML (sanitized on save) for articles; plain text for categories and sections.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('draft', 'integer', (c) => c.notNull())
    .addColumn('outdated', 'integer', (c) => c.notNull())
    .addColumn('created_by_id', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_by_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hc_translations_source').on('hc_translations').columns(['source_type', 'source_id', 'locale']).unique().execute();
  await db.schema.createIndex('hc_translations_created_by').on('hc_translations').columns(['created_by_id']).execute();
  await db.schema.createIndex('hc_translations_updated_by').on('hc_translations').columns(['updated_by_id']).execute();
  await caps.createTextIndex(db, 'hc_translations', 'search_text');

  // The text a save replaced, newest last.
  await withId(db.schema.createTable('hc_revisions'), caps)
    .addColumn('translation_id', 'integer', (c) => c.notNull().references('hc_translations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hc_revisions_translation').on('hc_revisions').columns(['translation_id', 'id']).execute();
  await db.schema.createIndex('hc_revisions_author').on('hc_revisions').columns(['author_id']).execute();
  await caps.createTextIndex(db, 'hc_revisions', 'search_text');

  await db.schema
    .createTable('hc_article_labels')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('hc_articles.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hc_article_labels_pk', ['article_id', 'name'])
    .execute();
  await db.schema.createIndex('hc_article_labels_name').on('hc_article_labels').columns(['name']).execute();

  await withId(db.schema.createTable('hc_article_attachments'), caps)
    // Null while uploaded and not yet attached to an article (POST /articles/attachments).
    .addColumn('article_id', 'integer', (c) => c.references('hc_articles.id'))
    .addColumn('uploader_id', 'integer', (c) => c.references('users.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // 1 for an image shown in the body, 0 for a file listed under it (Zendesk's "block").
    .addColumn('inline', 'integer', (c) => c.notNull())
    .addColumn('data', caps.blobType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hc_article_attachments_article').on('hc_article_attachments').columns(['article_id']).execute();
  await db.schema.createIndex('hc_article_attachments_uploader').on('hc_article_attachments').columns(['uploader_id']).execute();

  await withId(db.schema.createTable('hc_article_comments'), caps)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('hc_articles.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hc_article_comments_article').on('hc_article_comments').columns(['article_id', 'id']).execute();
  await db.schema.createIndex('hc_article_comments_author').on('hc_article_comments').columns(['author_id']).execute();
  await caps.createTextIndex(db, 'hc_article_comments', 'body');

  await withId(db.schema.createTable('hc_topics'), caps)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('hc_posts'), caps)
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('hc_topics.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    // HTML, sanitized on save.
    .addColumn('details', 'text', (c) => c.notNull())
    // Title and the details' text without markup (full-text index).
    .addColumn('search_text', 'text', (c) => c.notNull())
    // Zendesk's post status: none | planned | not_planned | completed | answered
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('pinned', 'integer', (c) => c.notNull())
    .addColumn('featured', 'integer', (c) => c.notNull())
    .addColumn('closed', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hc_posts_topic').on('hc_posts').columns(['topic_id', 'id']).execute();
  await db.schema.createIndex('hc_posts_author').on('hc_posts').columns(['author_id']).execute();
  await caps.createTextIndex(db, 'hc_posts', 'search_text');

  await withId(db.schema.createTable('hc_post_comments'), caps)
    .addColumn('post_id', 'integer', (c) => c.notNull().references('hc_posts.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    // HTML, sanitized on save.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('official', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hc_post_comments_post').on('hc_post_comments').columns(['post_id', 'id']).execute();
  await db.schema.createIndex('hc_post_comments_author').on('hc_post_comments').columns(['author_id']).execute();
  await caps.createTextIndex(db, 'hc_post_comments', 'search_text');

  // Files of community posts and comments; null post and comment while uploaded, not yet used.
  await withId(db.schema.createTable('hc_community_attachments'), caps)
    .addColumn('post_id', 'integer', (c) => c.references('hc_posts.id'))
    .addColumn('comment_id', 'integer', (c) => c.references('hc_post_comments.id'))
    .addColumn('uploader_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', caps.blobType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hc_community_attachments_post').on('hc_community_attachments').columns(['post_id']).execute();
  await db.schema.createIndex('hc_community_attachments_comment').on('hc_community_attachments').columns(['comment_id']).execute();
  await db.schema.createIndex('hc_community_attachments_uploader').on('hc_community_attachments').columns(['uploader_id']).execute();

  // Votes on articles, posts and post comments: one per person and item.
  await withId(db.schema.createTable('hc_votes'), caps)
    // article | post | post_comment
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    // Null once the voter is erased: the vote keeps counting, without the person.
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    // 1 (up) or -1 (down).
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hc_votes_item').on('hc_votes').columns(['item_type', 'item_id']).execute();
  await db.schema.createIndex('hc_votes_user').on('hc_votes').columns(['user_id']).execute();
}

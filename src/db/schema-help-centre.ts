import type { Generated } from 'kysely';
import type { HcPostStatus, HcSourceType, HcVoteItem } from '../shared/help-centre.ts';
import type { Flag } from './schema.ts';

// Table types of the help centre (migration 2026-12-02-006-help-centre, docs/help-centre.md).

export interface HcCategoriesTable {
  id: Generated<number>;
  position: number;
  source_locale: string;
  created_at: string;
  updated_at: string;
}

export interface HcSectionsTable {
  id: Generated<number>;
  category_id: number;
  parent_section_id: number | null;
  position: number;
  source_locale: string;
  created_at: string;
  updated_at: string;
}

export interface HcArticlesTable {
  id: Generated<number>;
  section_id: number;
  author_id: number;
  position: number;
  promoted: Flag;
  comments_disabled: Flag;
  source_locale: string;
  /** Set when archived (Zendesk's DELETE); null while live. */
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  edited_at: string;
}

/** The text of a category, section or article in one locale. */
export interface HcTranslationsTable {
  id: Generated<number>;
  source_type: HcSourceType;
  source_id: number;
  locale: string;
  title: string;
  body: string;
  /** Title and body text without markup: the full-text index reads it. */
  search_text: string;
  draft: Flag;
  outdated: Flag;
  created_by_id: number | null;
  updated_by_id: number | null;
  created_at: string;
  updated_at: string;
}

/** The text a save of a translation replaced. */
export interface HcRevisionsTable {
  id: Generated<number>;
  translation_id: number;
  title: string;
  body: string;
  search_text: string;
  author_id: number | null;
  created_at: string;
}

export interface HcArticleLabelsTable {
  article_id: number;
  name: string;
}

export interface HcArticleAttachmentsTable {
  id: Generated<number>;
  article_id: number | null;
  uploader_id: number | null;
  file_name: string;
  content_type: string;
  size: number;
  inline: Flag;
  data: Buffer;
  created_at: string;
}

export interface HcArticleCommentsTable {
  id: Generated<number>;
  article_id: number;
  author_id: number;
  locale: string;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface HcTopicsTable {
  id: Generated<number>;
  name: string;
  description: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface HcPostsTable {
  id: Generated<number>;
  topic_id: number;
  author_id: number;
  title: string;
  details: string;
  search_text: string;
  status: HcPostStatus;
  pinned: Flag;
  featured: Flag;
  closed: Flag;
  created_at: string;
  updated_at: string;
}

export interface HcPostCommentsTable {
  id: Generated<number>;
  post_id: number;
  author_id: number;
  body: string;
  search_text: string;
  official: Flag;
  created_at: string;
  updated_at: string;
}

export interface HcCommunityAttachmentsTable {
  id: Generated<number>;
  post_id: number | null;
  comment_id: number | null;
  uploader_id: number;
  file_name: string;
  content_type: string;
  size: number;
  data: Buffer;
  created_at: string;
}

export interface HcVotesTable {
  id: Generated<number>;
  item_type: HcVoteItem;
  item_id: number;
  /** Null once the voter is erased; the vote still counts. */
  user_id: number | null;
  value: 1 | -1;
  created_at: string;
  updated_at: string;
}

export interface HelpCentreTables {
  hc_categories: HcCategoriesTable;
  hc_sections: HcSectionsTable;
  hc_articles: HcArticlesTable;
  hc_translations: HcTranslationsTable;
  hc_revisions: HcRevisionsTable;
  hc_article_labels: HcArticleLabelsTable;
  hc_article_attachments: HcArticleAttachmentsTable;
  hc_article_comments: HcArticleCommentsTable;
  hc_topics: HcTopicsTable;
  hc_posts: HcPostsTable;
  hc_post_comments: HcPostCommentsTable;
  hc_community_attachments: HcCommunityAttachmentsTable;
  hc_votes: HcVotesTable;
}

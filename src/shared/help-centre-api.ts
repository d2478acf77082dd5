import type { HcPostStatus, HcSourceType } from './help-centre.ts';

// The help centre as the API answers it (Zendesk's Help Center API shapes, /api/v2/help_center
// and /api/v2/community; docs/help-centre.md), as the web app reads it. The server's own
// validation of what it accepts lives with its routes; these are the shapes on the wire.

/** The locale an article is written in when nobody says otherwise (Zendesk's default). */
export const HC_DEFAULT_LOCALE = 'en-us';

/** Locales offered when adding a translation; any BCP 47-like tag the server accepts works too. */
export const HC_COMMON_LOCALES = ['en-us', 'en-gb', 'fr', 'de', 'es', 'it', 'nl', 'pt-br', 'sv', 'da', 'nb', 'fi', 'pl', 'ja', 'zh-cn'] as const;

/** What redaction leaves in place of the text (src/domain/redaction). */
export const HC_REDACTION_MARK = '▇▇▇';

export interface HcCategory {
  id: number;
  url: string;
  html_url: string;
  position: number;
  created_at: string;
  updated_at: string;
  name: string;
  description: string;
  locale: string;
  source_locale: string;
  outdated: boolean;
}

export interface HcSection {
  id: number;
  url: string;
  html_url: string;
  category_id: number;
  parent_section_id: number | null;
  position: number;
  created_at: string;
  updated_at: string;
  name: string;
  description: string;
  locale: string;
  source_locale: string;
  outdated: boolean;
}

export interface HcArticle {
  id: number;
  url: string;
  html_url: string;
  author_id: number;
  comments_disabled: boolean;
  draft: boolean;
  promoted: boolean;
  position: number;
  vote_sum: number;
  vote_count: number;
  section_id: number;
  created_at: string;
  updated_at: string;
  edited_at: string;
  title: string;
  body: string;
  locale: string;
  source_locale: string;
  outdated: boolean;
  label_names: string[];
  /** Oubli: when it was archived (only in the archived list). */
  archived_at?: string | null;
}

/** The text of a category, section or article in one locale. */
export interface HcTranslation {
  id: number;
  url: string;
  html_url?: string;
  source_id: number;
  source_type: HcSourceType;
  locale: string;
  title: string;
  body: string;
  outdated: boolean;
  draft: boolean;
  created_at: string;
  updated_at: string;
  updated_by_id: number | null;
  created_by_id: number | null;
}

/** Oubli extension: the text a save of a translation replaced (newest first). */
export interface HcRevision {
  id: number;
  translation_id: number;
  locale: string;
  title: string;
  body: string;
  author_id: number | null;
  created_at: string;
}

export interface HcArticleAttachment {
  id: number;
  url: string;
  article_id: number | null;
  file_name: string;
  /** `/hc/article_attachments/{id}/{file_name}`: what an article's `<img src>` points at. */
  content_url: string;
  content_type: string;
  size: number;
  inline: boolean;
  created_at: string;
  updated_at?: string;
}

export interface HcTopic {
  id: number;
  url: string;
  html_url: string;
  name: string;
  description: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface HcPost {
  id: number;
  url: string;
  html_url: string;
  title: string;
  details: string;
  author_id: number;
  topic_id: number;
  vote_sum: number;
  vote_count: number;
  comment_count: number;
  status: HcPostStatus;
  pinned: boolean;
  featured: boolean;
  closed: boolean;
  created_at: string;
  updated_at: string;
}

export interface HcPostComment {
  id: number;
  url: string;
  html_url: string;
  post_id: number;
  author_id: number;
  body: string;
  official: boolean;
  vote_sum: number;
  vote_count: number;
  created_at: string;
  updated_at: string;
}

/** A Zendesk list page: `{things: [...], next_page, count}`. */
export interface HcPage {
  next_page: string | null;
  previous_page?: string | null;
  count: number;
}

/** POST /help_center/sections/{id}/articles. */
export interface HcArticleCreate {
  title: string;
  body: string;
  locale: string;
  draft: boolean;
  label_names: string[];
}

/** PUT /help_center/articles/{id}: the article's own fields (its text goes through its translations, as in Zendesk). */
export interface HcArticleUpdate {
  label_names?: string[];
  section_id?: number;
  promoted?: boolean;
  comments_disabled?: boolean;
  position?: number;
}

/** POST /help_center/articles/{id}/translations and PUT …/translations/{locale}. */
export interface HcTranslationWrite {
  locale?: string;
  title: string;
  body?: string;
  draft?: boolean;
}

/** The public page of an article on the server-rendered help centre. */
export const hcArticlePublicPath = (id: number, locale?: string) => `/hc/articles/${id}${locale ? `?locale=${encodeURIComponent(locale)}` : ''}`;

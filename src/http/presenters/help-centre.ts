import type { FastifyRequest } from 'fastify';
import type { ArticleView } from '../../domain/help-centre/article-view.ts';
import type { CategoryView, SectionView } from '../../domain/help-centre/read-structure.ts';
import { attachmentUrl } from '../../domain/help-centre/read-public.ts';
import { apiBase, bool, ts } from './common.ts';

// The knowledge base in Zendesk's Help Center API shapes (docs/help-centre.md, "API").
// Rows are passed in structurally, so presenters never import src/db/queries.

interface TranslationLike {
  id: number;
  source_type: string;
  source_id: number;
  locale: string;
  title: string;
  body: string;
  draft: number;
  outdated: number;
  created_by_id: number | null;
  updated_by_id: number | null;
  created_at: string;
  updated_at: string;
}

interface AttachmentLike {
  id: number;
  article_id: number | null;
  file_name: string;
  content_type: string;
  size: number;
  inline: number;
  created_at: string;
}

interface RevisionLike {
  id: number;
  translation_id: number;
  title: string;
  body: string;
  author_id: number | null;
  created_at: string;
}

function origin(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

const PLURAL: Record<string, string> = { article: 'articles', section: 'sections', category: 'categories' };

export function presentArticle(req: FastifyRequest, v: ArticleView) {
  const a = v.article;
  const t = v.translation;
  return {
    id: a.id,
    url: `${apiBase(req)}/help_center/${t.locale}/articles/${a.id}.json`,
    html_url: `${origin(req)}/hc/${t.locale}/articles/${a.id}`,
    author_id: a.author_id,
    comments_disabled: bool(a.comments_disabled),
    draft: bool(t.draft),
    promoted: bool(a.promoted),
    position: a.position,
    vote_sum: v.votes.sum,
    vote_count: v.votes.count,
    section_id: a.section_id,
    created_at: ts(a.created_at),
    updated_at: ts(a.updated_at),
    edited_at: ts(a.edited_at),
    title: t.title,
    body: t.body,
    locale: t.locale,
    source_locale: a.source_locale,
    outdated: bool(t.outdated),
    outdated_locales: [] as string[],
    label_names: v.labels,
    // Oubli: when it was archived (DELETE /help_center/articles/{id}); null while live.
    archived_at: ts(a.archived_at),
  };
}

export function presentTranslation(req: FastifyRequest, t: TranslationLike) {
  return {
    id: t.id,
    url: `${apiBase(req)}/help_center/${PLURAL[t.source_type]}/${t.source_id}/translations/${t.locale}.json`,
    html_url: `${origin(req)}/hc/${t.locale}/${PLURAL[t.source_type]}/${t.source_id}`,
    source_id: t.source_id,
    source_type: t.source_type,
    locale: t.locale,
    title: t.title,
    body: t.body,
    outdated: bool(t.outdated),
    draft: bool(t.draft),
    hidden: false,
    created_at: ts(t.created_at),
    updated_at: ts(t.updated_at),
    created_by_id: t.created_by_id,
    updated_by_id: t.updated_by_id,
  };
}

export function presentCategory(req: FastifyRequest, v: CategoryView) {
  const c = v.category;
  const t = v.translation;
  return {
    id: c.id,
    url: `${apiBase(req)}/help_center/${t.locale}/categories/${c.id}.json`,
    html_url: `${origin(req)}/hc/${t.locale}/categories/${c.id}`,
    position: c.position,
    created_at: ts(c.created_at),
    updated_at: ts(c.updated_at),
    name: t.title,
    description: t.body,
    locale: t.locale,
    source_locale: c.source_locale,
    outdated: bool(t.outdated),
  };
}

export function presentSection(req: FastifyRequest, v: SectionView) {
  const s = v.section;
  const t = v.translation;
  return {
    id: s.id,
    url: `${apiBase(req)}/help_center/${t.locale}/sections/${s.id}.json`,
    html_url: `${origin(req)}/hc/${t.locale}/sections/${s.id}`,
    category_id: s.category_id,
    parent_section_id: s.parent_section_id,
    position: s.position,
    sorting: 'manual',
    created_at: ts(s.created_at),
    updated_at: ts(s.updated_at),
    name: t.title,
    description: t.body,
    locale: t.locale,
    source_locale: s.source_locale,
    outdated: bool(t.outdated),
    theme_template: 'section_page',
  };
}

export function presentArticleAttachment(req: FastifyRequest, a: AttachmentLike) {
  const path = attachmentUrl(a);
  return {
    id: a.id,
    url: `${apiBase(req)}/help_center/articles/attachments/${a.id}.json`,
    article_id: a.article_id,
    display_file_name: a.file_name,
    file_name: a.file_name,
    content_url: `${origin(req)}${path}`,
    relative_path: path,
    content_type: a.content_type,
    size: a.size,
    inline: bool(a.inline),
    created_at: ts(a.created_at),
    updated_at: ts(a.created_at),
  };
}

export function presentRevision(r: RevisionLike, t: { locale: string }) {
  return { id: r.id, translation_id: r.translation_id, locale: t.locale, title: r.title, body: r.body, author_id: r.author_id, created_at: ts(r.created_at) };
}

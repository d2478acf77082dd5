import { useQuery } from '@tanstack/react-query';
import { api, qs } from './api.ts';
import type {
  HcArticle,
  HcArticleAttachment,
  HcArticleCreate,
  HcArticleUpdate,
  HcCategory,
  HcPage,
  HcPost,
  HcPostComment,
  HcRevision,
  HcSection,
  HcTranslation,
  HcTranslationWrite,
} from '../../../src/shared/help-centre-api.ts';

// The help centre's API as the agent app calls it (docs/web.md "The help centre"): Zendesk's
// Help Center API under /api/v2/help_center and /api/v2/community, and Oubli's extensions
// (revisions, the archive, delete forever, redaction). Text goes through translations, as in
// Zendesk: PUT /articles/{id} changes the article's own fields (labels), PUT
// /articles/{id}/translations/{locale} its title, body and draft state in that locale.

const HC = '/help_center';
const enc = encodeURIComponent;

export const hcKeys = {
  all: ['help-centre'] as const,
  categories: ['help-centre', 'categories'] as const,
  sections: ['help-centre', 'sections'] as const,
  articlesOf: (sectionId: number) => ['help-centre', 'section-articles', sectionId] as const,
  article: (id: number) => ['help-centre', 'article', id] as const,
  translations: (id: number) => ['help-centre', 'article', id, 'translations'] as const,
  revisions: (id: number, locale: string) => ['help-centre', 'article', id, 'revisions', locale] as const,
  attachments: (id: number) => ['help-centre', 'article', id, 'attachments'] as const,
  archived: ['help-centre', 'archived'] as const,
  posts: ['help-centre', 'community', 'posts'] as const,
  postComments: (postId: number) => ['help-centre', 'community', 'posts', postId, 'comments'] as const,
};

export function useCategories() {
  return useQuery({ queryKey: hcKeys.categories, queryFn: () => api<HcPage & { categories: HcCategory[] }>('GET', `${HC}/categories?per_page=100`) });
}

export function useSections() {
  return useQuery({ queryKey: hcKeys.sections, queryFn: () => api<HcPage & { sections: HcSection[] }>('GET', `${HC}/sections?per_page=100`) });
}

export function useSectionArticles(sectionId: number | null) {
  return useQuery({
    queryKey: hcKeys.articlesOf(sectionId ?? 0),
    queryFn: () => api<HcPage & { articles: HcArticle[] }>('GET', `${HC}/sections/${sectionId}/articles?per_page=100`),
    enabled: sectionId !== null,
  });
}

export function useArticle(id: number | null) {
  return useQuery({
    queryKey: hcKeys.article(id ?? 0),
    queryFn: async () => (await api<{ article: HcArticle }>('GET', `${HC}/articles/${id}`)).article,
    enabled: id !== null,
  });
}

export function useTranslations(id: number | null) {
  return useQuery({
    queryKey: hcKeys.translations(id ?? 0),
    queryFn: async () => (await api<{ translations: HcTranslation[] }>('GET', `${HC}/articles/${id}/translations`)).translations,
    enabled: id !== null,
  });
}

export function useRevisions(id: number, locale: string) {
  return useQuery({
    queryKey: hcKeys.revisions(id, locale),
    queryFn: async () => (await api<{ revisions: HcRevision[] }>('GET', `${HC}/articles/${id}/revisions${qs({ locale })}`)).revisions,
  });
}

export function useArchived() {
  return useQuery({ queryKey: hcKeys.archived, queryFn: () => api<HcPage & { articles: HcArticle[] }>('GET', `${HC}/archived_articles?per_page=100`) });
}

export function usePosts() {
  return useQuery({ queryKey: hcKeys.posts, queryFn: () => api<HcPage & { posts: HcPost[] }>('GET', `/community/posts${qs({ sort_by: 'created_at', per_page: 50 })}`) });
}

export function usePostComments(postId: number | null) {
  return useQuery({
    queryKey: hcKeys.postComments(postId ?? 0),
    queryFn: async () => (await api<{ comments: HcPostComment[] }>('GET', `/community/posts/${postId}/comments`)).comments,
    enabled: postId !== null,
  });
}

export async function createCategory(name: string, locale: string): Promise<HcCategory> {
  return (await api<{ category: HcCategory }>('POST', `${HC}/categories`, { category: { name, locale } })).category;
}

export async function createSection(categoryId: number, name: string, locale: string): Promise<HcSection> {
  return (await api<{ section: HcSection }>('POST', `${HC}/categories/${categoryId}/sections`, { section: { name, locale } })).section;
}

/** Renames a category or section in its source locale (its translation's title, as Zendesk does). */
export async function renameContainer(kind: 'category' | 'section', id: number, locale: string, name: string): Promise<void> {
  const path = kind === 'category' ? 'categories' : 'sections';
  await api('PUT', `${HC}/${path}/${id}/translations/${enc(locale)}`, { translation: { title: name } });
}

export async function createArticle(sectionId: number, a: HcArticleCreate): Promise<HcArticle> {
  return (await api<{ article: HcArticle }>('POST', `${HC}/sections/${sectionId}/articles`, { article: a })).article;
}

export async function updateArticle(id: number, a: HcArticleUpdate): Promise<HcArticle> {
  return (await api<{ article: HcArticle }>('PUT', `${HC}/articles/${id}`, { article: a })).article;
}

export async function saveTranslation(id: number, locale: string, t: HcTranslationWrite): Promise<HcTranslation> {
  return (await api<{ translation: HcTranslation }>('PUT', `${HC}/articles/${id}/translations/${enc(locale)}`, { translation: t })).translation;
}

export async function addTranslation(id: number, t: HcTranslationWrite & { locale: string }): Promise<HcTranslation> {
  return (await api<{ translation: HcTranslation }>('POST', `${HC}/articles/${id}/translations`, { translation: t })).translation;
}

/**
 * An image for an article: POST /articles/{id}/attachments (multipart `file`, `inline`), or,
 * before the article exists, POST /articles/attachments (an upload the article takes when
 * its body, saved, shows it).
 */
export async function uploadArticleImage(articleId: number | null, file: File): Promise<HcArticleAttachment> {
  const form = new FormData();
  form.set('inline', 'true');
  form.set('file', file, file.name);
  const path = articleId === null ? `${HC}/articles/attachments` : `${HC}/articles/${articleId}/attachments`;
  return (await api<{ article_attachment: HcArticleAttachment }>('POST', path, undefined, { form })).article_attachment;
}

/** The address an article's body uses for an attachment: the path on this server (the server keeps only those as its own images). */
export function imageSrc(att: HcArticleAttachment): string {
  try {
    const u = new URL(att.content_url, location.origin);
    return u.origin === location.origin ? u.pathname : att.content_url;
  } catch {
    return att.content_url;
  }
}

/** DELETE /articles/{id}: Zendesk's archive. */
export async function archiveArticle(id: number): Promise<void> {
  await api('DELETE', `${HC}/articles/${id}`);
}

export async function restoreArticle(id: number): Promise<HcArticle> {
  return (await api<{ article: HcArticle }>('PUT', `${HC}/archived_articles/${id}/restore`, {})).article;
}

/** Deletes an archived article forever: every translation, revision, label, file, comment and vote. */
export async function deleteArticleForever(id: number): Promise<void> {
  await api('DELETE', `${HC}/archived_articles/${id}`);
}

export async function redactArticle(id: number, text: string): Promise<{ article: HcArticle; redactions: number }> {
  return api<{ article: HcArticle; redactions: number }>('PUT', `${HC}/articles/${id}/redact`, { text });
}

export async function deletePost(id: number): Promise<void> {
  await api('DELETE', `/community/posts/${id}`);
}

export async function deletePostComment(postId: number, commentId: number): Promise<void> {
  await api('DELETE', `/community/posts/${postId}/comments/${commentId}`);
}

/** Labels as typed in one box: separated by commas, trimmed, without repeats. */
export function parseLabels(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const l = raw.trim();
    if (l) seen.add(l);
  }
  return [...seen];
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { articleIsPublished, getArticleComment, getArticleForComments, type ArticleCommentRow } from '../../db/queries/community.ts';
import { AppError, notFound } from '../../errors.ts';

/**
 * The article a new comment goes on: it must exist, be live (not archived) and published
 * (a translation that is not a draft), and take comments (Zendesk's comments_disabled).
 */
export async function commentableArticle(db: Kysely<Database>, articleId: number) {
  const a = await getArticleForComments(db, articleId);
  if (!a || a.archived_at || !(await articleIsPublished(db, articleId))) throw notFound();
  if (a.comments_disabled) throw new AppError('forbidden', 'Comments are turned off for this article.');
  return a;
}

/** A comment of this article; 404 unless it is on it. */
export async function articleCommentOr404(db: Kysely<Database>, articleId: number, commentId: number): Promise<ArticleCommentRow> {
  const c = await getArticleComment(db, commentId);
  if (!c || c.article_id !== articleId) throw notFound();
  return c;
}

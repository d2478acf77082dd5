import type { Ctx } from '../../context.ts';
import { countArticleComments, getArticleForComments, listArticleCommentRows, type ArticleCommentFilter, type ArticleCommentRow } from '../../db/queries/community.ts';
import { notFound } from '../../errors.ts';
import type { PageSource } from '../page-source.ts';
import { articleCommentOr404 } from './article-comment-rules.ts';

/** Comments of an article or of an author, as pages (oldest first). An article that does not exist is 404. */
export async function listArticleComments(ctx: Ctx, f: ArticleCommentFilter): Promise<PageSource<ArticleCommentRow>> {
  if (f.articleId !== undefined && !(await getArticleForComments(ctx.db, f.articleId))) throw notFound();
  return { fetch: (p) => listArticleCommentRows(ctx.db, f, p), count: () => countArticleComments(ctx.db, f) };
}

/** One comment of an article. */
export function readArticleComment(ctx: Ctx, input: { articleId: number; commentId: number }): Promise<ArticleCommentRow> {
  return articleCommentOr404(ctx.db, input.articleId, input.commentId);
}

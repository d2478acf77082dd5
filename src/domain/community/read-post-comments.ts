import type { Ctx } from '../../context.ts';
import { commentCounts, countPostComments, getPostComment, listPostCommentRows, type CommentFilter, type PostCommentRow } from '../../db/queries/community.ts';
import { notFound } from '../../errors.ts';
import type { PageSource } from '../page-source.ts';
import { postOr404 } from './community-rules.ts';

/** Comments of a post or of an author, as pages (oldest first). A post that does not exist is 404. */
export async function listPostComments(ctx: Ctx, f: CommentFilter): Promise<PageSource<PostCommentRow>> {
  if (f.postId !== undefined) await postOr404(ctx.db, f.postId);
  return { fetch: (p) => listPostCommentRows(ctx.db, f, p), count: () => countPostComments(ctx.db, f) };
}

/** One comment of a post; 404 unless it is on that post. */
export async function readPostComment(ctx: Ctx, input: { postId: number; commentId: number }): Promise<PostCommentRow> {
  const c = await getPostComment(ctx.db, input.commentId);
  if (!c || c.post_id !== input.postId) throw notFound();
  return c;
}

/** The number of comments of each post (0 where none). */
export async function readCommentCounts(ctx: Ctx, input: { postIds: number[] }): Promise<(id: number) => number> {
  const m = await commentCounts(ctx.db, input.postIds);
  return (id) => m.get(id) ?? 0;
}

import type { Ctx } from '../../context.ts';
import { countPosts, listPostRows, postsOfTopicForReaders, type PostFilter, type PostRow } from '../../db/queries/community.ts';
import type { PageSource } from '../page-source.ts';
import { postOr404, topicOr404 } from './community-rules.ts';

/** Posts, all or of a topic or an author, as pages (the API). A topic that does not exist is 404. */
export async function listPosts(ctx: Ctx, f: PostFilter): Promise<PageSource<PostRow>> {
  if (f.topicId !== undefined) await topicOr404(ctx.db, f.topicId);
  return { fetch: (p) => listPostRows(ctx.db, f, p), count: () => countPosts(ctx.db, f) };
}

/** A topic's posts as readers see them: pinned first, newest next. */
export function postsForReaders(ctx: Ctx, input: { topicId: number }): Promise<PostRow[]> {
  return postsOfTopicForReaders(ctx.db, input.topicId);
}

/** One post; 404 when there is none. */
export function readPost(ctx: Ctx, input: { postId: number }): Promise<PostRow> {
  return postOr404(ctx.db, input.postId);
}

import type { Ctx } from '../../context.ts';
import { insertPostComment } from '../../db/queries/community.ts';
import type { PostCommentCreate } from '../../shared/community.ts';
import { canWriteArticles } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { communityHtml, type CommunityText } from './community-html.ts';
import { assertOpen, claimUploads, participant, postOr404 } from './community-rules.ts';

/** Comments on a post (anyone signed in; a closed post only takes admins'). `official` is for staff. */
export async function createPostComment(ctx: Ctx, input: PostCommentCreate & { postId: number; bodyText?: CommunityText }): Promise<number> {
  const actor = participant(ctx);
  if (input.official) authorize(canWriteArticles(actor));
  const body = input.bodyText ?? communityHtml(input.body);
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const post = await postOr404(trx, input.postId);
    assertOpen(post, actor);
    const id = await insertPostComment(trx, { post_id: post.id, author_id: actor.id, body: body.html, search_text: body.text, official: input.official ? 1 : 0, created_at: now, updated_at: now });
    await claimUploads(trx, actor, body.html, input.attachment_ids, { postId: post.id, commentId: id });
    await recordEvent(ctx, trx, { action: 'community_comment.created', subjectType: 'community_comment', subjectId: id, details: { post_id: post.id } });
    return id;
  });
}


import type { Ctx } from '../../context.ts';
import { deletePostCommentTree, getPostComment } from '../../db/queries/community.ts';
import { notFound } from '../../errors.ts';
import { canChangeHelpCentreItem } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { participant } from './community-rules.ts';

/** Deletes a post comment (its author or an admin) with its files and votes, in one transaction. */
export async function deletePostComment(ctx: Ctx, input: { postId: number; commentId: number }): Promise<void> {
  const actor = participant(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const c = await getPostComment(trx, input.commentId);
    if (!c || c.post_id !== input.postId) throw notFound();
    authorize(canChangeHelpCentreItem(actor, c.author_id));
    const r = await deletePostCommentTree(trx, c.id);
    await recordEvent(ctx, trx, { action: 'community_comment.deleted', subjectType: 'community_comment', subjectId: c.id, details: { post_id: c.post_id, files: r.files } });
  });
  await ctx.checkpoint?.();
}

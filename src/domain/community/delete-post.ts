import type { Ctx } from '../../context.ts';
import { deletePostTree } from '../../db/queries/community.ts';
import { canChangeHelpCentreItem } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { participant, postOr404 } from './community-rules.ts';

/**
 * Deletes a post (its author or an admin) with its comments, their files and every vote on
 * them, in one transaction: its files answer 404 from the commit on. Then the deleted bytes
 * are pushed out of the write-ahead log (Ctx.checkpoint).
 */
export async function deletePost(ctx: Ctx, input: { postId: number }): Promise<{ comments: number; files: number }> {
  const actor = participant(ctx);
  const r = await ctx.db.transaction().execute(async (trx) => {
    const post = await postOr404(trx, input.postId);
    authorize(canChangeHelpCentreItem(actor, post.author_id));
    const removed = await deletePostTree(trx, post.id);
    await recordEvent(ctx, trx, { action: 'community_post.deleted', subjectType: 'community_post', subjectId: post.id, details: { comments: removed.comments, files: removed.files } });
    return removed;
  });
  await ctx.checkpoint?.();
  return r;
}

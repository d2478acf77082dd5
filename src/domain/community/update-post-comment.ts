import type { Ctx } from '../../context.ts';
import { getPostComment, updatePostCommentRow } from '../../db/queries/community.ts';
import { notFound } from '../../errors.ts';
import type { PostCommentUpdate } from '../../shared/community.ts';
import { canChangeHelpCentreItem, canWriteArticles } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { communityHtml } from './community-html.ts';
import { claimUploads, participant } from './community-rules.ts';

/** Changes a post comment (its author or an admin; `official`: staff). 404 unless it is on that post. */
export async function updatePostComment(ctx: Ctx, input: { postId: number; commentId: number; patch: PostCommentUpdate }): Promise<void> {
  const actor = participant(ctx);
  const p = input.patch;
  await ctx.db.transaction().execute(async (trx) => {
    const c = await getPostComment(trx, input.commentId);
    if (!c || c.post_id !== input.postId) throw notFound();
    authorize(canChangeHelpCentreItem(actor, c.author_id));
    if (typeof p.official === 'boolean') authorize(canWriteArticles(actor));
    const body = p.body !== undefined ? communityHtml(p.body) : null;
    await updatePostCommentRow(trx, c.id, {
      ...(body ? { body: body.html, search_text: body.text } : {}),
      ...(typeof p.official === 'boolean' ? { official: p.official ? 1 : 0 } : {}),
      updated_at: ctx.now().toISOString(),
    });
    if (body) await claimUploads(trx, { ...actor, id: c.author_id }, body.html, null, { postId: c.post_id, commentId: c.id });
    await recordEvent(ctx, trx, { action: 'community_comment.updated', subjectType: 'community_comment', subjectId: c.id, details: { fields: Object.keys(p) } });
  });
}

import type { Ctx } from '../../context.ts';
import { updatePostRow } from '../../db/queries/community.ts';
import { POST_MODERATOR_FIELDS, type PostUpdate } from '../../shared/community.ts';
import { canChangeHelpCentreItem, canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { communityHtml, htmlTextOf } from './community-html.ts';
import { claimUploads, participant, postOr404, topicOr404 } from './community-rules.ts';
import { postText } from './create-post.ts';

/** Changes a post (its author or an admin; moving it and the moderator fields: admins). */
export async function updatePost(ctx: Ctx, input: { postId: number; patch: PostUpdate }): Promise<void> {
  const actor = participant(ctx);
  const p = input.patch;
  await ctx.db.transaction().execute(async (trx) => {
    const post = await postOr404(trx, input.postId);
    authorize(canChangeHelpCentreItem(actor, post.author_id));
    if (POST_MODERATOR_FIELDS.some((f) => p[f] !== undefined && p[f] !== null)) authorize(canManageHelpCentre(actor));
    if (p.topic_id !== undefined && p.topic_id !== post.topic_id) {
      authorize(canManageHelpCentre(actor));
      await topicOr404(trx, p.topic_id);
    }
    const title = p.title ?? post.title;
    const details = p.details !== undefined ? communityHtml(p.details) : htmlTextOf(post.details);
    await updatePostRow(trx, post.id, {
      title,
      details: details.html,
      search_text: postText(title, details),
      ...(p.topic_id !== undefined ? { topic_id: p.topic_id } : {}),
      ...(p.status ? { status: p.status } : {}),
      ...(typeof p.pinned === 'boolean' ? { pinned: p.pinned ? 1 : 0 } : {}),
      ...(typeof p.featured === 'boolean' ? { featured: p.featured ? 1 : 0 } : {}),
      ...(typeof p.closed === 'boolean' ? { closed: p.closed ? 1 : 0 } : {}),
      updated_at: ctx.now().toISOString(),
    });
    await claimUploads(trx, { ...actor, id: post.author_id }, details.html, null, { postId: post.id, commentId: null });
    await recordEvent(ctx, trx, { action: 'community_post.updated', subjectType: 'community_post', subjectId: post.id, details: { fields: Object.keys(p) } });
  });
}

import type { Ctx } from '../../context.ts';
import { insertPost } from '../../db/queries/community.ts';
import { POST_MODERATOR_FIELDS, type PostCreate } from '../../shared/community.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { communityHtml, type CommunityText } from './community-html.ts';
import { claimUploads, participant, topicOr404 } from './community-rules.ts';

/** The stored text of a post: sanitized details, and title plus details' text for search. */
export function postText(title: string, details: CommunityText): string {
  return `${title}\n${details.text}`;
}

/** Writes a post in a topic (anyone signed in); status, pinned, featured and closed are for admins. */
export async function createPost(ctx: Ctx, input: PostCreate & { detailsText?: CommunityText }): Promise<number> {
  const actor = participant(ctx);
  if (POST_MODERATOR_FIELDS.some((f) => input[f] !== undefined && input[f] !== null)) authorize(canManageHelpCentre(actor));
  const details = input.detailsText ?? communityHtml(input.details);
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    await topicOr404(trx, input.topic_id);
    const id = await insertPost(trx, {
      topic_id: input.topic_id,
      author_id: actor.id,
      title: input.title,
      details: details.html,
      search_text: postText(input.title, details),
      status: input.status ?? 'none',
      pinned: input.pinned ? 1 : 0,
      featured: input.featured ? 1 : 0,
      closed: input.closed ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
    await claimUploads(trx, actor, details.html, input.attachment_ids, { postId: id, commentId: null });
    await recordEvent(ctx, trx, { action: 'community_post.created', subjectType: 'community_post', subjectId: id, details: { topic_id: input.topic_id } });
    return id;
  });
}

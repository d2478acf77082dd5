import type { Ctx } from '../../context.ts';
import { countPostsOfTopic, deleteTopicRow } from '../../db/queries/community.ts';
import { AppError } from '../../errors.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { topicOr404 } from './community-rules.ts';

/**
 * Deletes an empty topic (admins). A topic with posts is refused (422): deleting people's
 * posts is done post by post, each its own decision, never as a side effect.
 */
export async function deleteTopic(ctx: Ctx, input: { topicId: number }): Promise<void> {
  authorize(canManageHelpCentre(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    await topicOr404(trx, input.topicId);
    if ((await countPostsOfTopic(trx, input.topicId)) > 0) throw new AppError('record_invalid', 'This topic has posts: delete or move them first.');
    await deleteTopicRow(trx, input.topicId);
    await recordEvent(ctx, trx, { action: 'community_topic.deleted', subjectType: 'community_topic', subjectId: input.topicId });
  });
}

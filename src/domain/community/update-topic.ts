import type { Ctx } from '../../context.ts';
import { updateTopicRow } from '../../db/queries/community.ts';
import type { TopicUpdate } from '../../shared/community.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { topicOr404 } from './community-rules.ts';

/** Changes a topic's name, description or position (admins). */
export async function updateTopic(ctx: Ctx, input: { topicId: number; patch: TopicUpdate }): Promise<void> {
  authorize(canManageHelpCentre(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    await topicOr404(trx, input.topicId);
    const p = input.patch;
    await updateTopicRow(trx, input.topicId, {
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.description !== undefined ? { description: p.description ?? '' } : {}),
      ...(p.position !== undefined && p.position !== null ? { position: p.position } : {}),
      updated_at: ctx.now().toISOString(),
    });
    await recordEvent(ctx, trx, { action: 'community_topic.updated', subjectType: 'community_topic', subjectId: input.topicId, details: { fields: Object.keys(p) } });
  });
}

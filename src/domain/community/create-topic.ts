import type { Ctx } from '../../context.ts';
import { insertTopic } from '../../db/queries/community.ts';
import type { TopicCreate } from '../../shared/community.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';

/** Creates a community topic (admins). */
export async function createTopic(ctx: Ctx, input: TopicCreate): Promise<number> {
  authorize(canManageHelpCentre(ctx.actor!));
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertTopic(trx, { name: input.name, description: input.description ?? '', position: input.position ?? 0, created_at: now, updated_at: now });
    await recordEvent(ctx, trx, { action: 'community_topic.created', subjectType: 'community_topic', subjectId: id });
    return id;
  });
}

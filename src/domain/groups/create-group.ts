import type { Ctx } from '../../context.ts';
import { insertGroup } from '../../db/queries/groups.ts';
import type { GroupCreate } from '../../shared/groups.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';

/** Creates an agent group (admins only). */
export async function createGroup(ctx: Ctx, input: GroupCreate): Promise<number> {
  authorize(canAdminister(ctx.actor!));
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertGroup(trx, { name: input.name, description: input.description ?? null, created_at: now, updated_at: now });
    await recordEvent(ctx, trx, { action: 'group.created', subjectType: 'group', subjectId: id });
    return id;
  });
}

import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { GroupsTable } from '../../db/schema.ts';
import { getGroup, updateGroupRow } from '../../db/queries/groups.ts';
import { notFound } from '../../errors.ts';
import type { GroupUpdate } from '../../shared/groups.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';

export interface UpdateGroupInput {
  groupId: number;
  changes: GroupUpdate;
}

/** Renames or describes a group (admins only). */
export async function updateGroup(ctx: Ctx, { groupId: id, changes: input }: UpdateGroupInput): Promise<void> {
  authorize(canAdminister(ctx.actor!));
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await getGroup(trx, id))) throw notFound();
    const patch: Updateable<GroupsTable> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.description !== undefined) patch.description = input.description ?? null;
    const fields = Object.keys(patch);
    if (fields.length === 0) return;
    await updateGroupRow(trx, id, { ...patch, updated_at: now });
    await recordEvent(ctx, trx, { action: 'group.updated', subjectType: 'group', subjectId: id, details: { fields } });
  });
}

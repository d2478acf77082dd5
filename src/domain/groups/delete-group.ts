import type { Ctx } from '../../context.ts';
import { deleteGroupRow, getGroup } from '../../db/queries/groups.ts';
import { notFound } from '../../errors.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';

export interface DeleteGroupInput {
  groupId: number;
}

/** Deletes a group (admins only): its memberships go and its tickets are left without a group. */
export async function deleteGroup(ctx: Ctx, { groupId: id }: DeleteGroupInput): Promise<void> {
  authorize(canAdminister(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await getGroup(trx, id))) throw notFound();
    const counts = await deleteGroupRow(trx, id);
    await recordEvent(ctx, trx, {
      action: 'group.deleted',
      subjectType: 'group',
      subjectId: id,
      details: { memberships_removed: counts.memberships, tickets_unlinked: counts.tickets },
    });
  });
}

import type { Ctx } from '../../context.ts';
import { deleteView as removeView, getView } from '../../db/queries/workspace.ts';
import { invalidField } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canManageRule } from '../policy.ts';
import { visibleRule } from './rules.ts';

/** Deletes a view the actor may manage. The built-in views can be deactivated, not deleted. */
export async function deleteView(ctx: Ctx, { viewId: id }: { viewId: number }): Promise<void> {
  const actor = ctx.actor!;
  await ctx.db.transaction().execute(async (trx) => {
    const v = visibleRule(actor, await getView(trx, id));
    authorize(canManageRule(actor, v.owner_id));
    if (v.is_default) throw invalidField('base', 'This is a built-in view: it cannot be deleted; set active to false to hide it.');
    await removeView(trx, id);
    await recordEvent(ctx, trx, { action: 'view.deleted', subjectType: 'view', subjectId: id, details: { personal: v.owner_id !== null } });
  });
}

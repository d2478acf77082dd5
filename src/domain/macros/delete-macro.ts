import type { Ctx } from '../../context.ts';
import { deleteMacro as removeMacro, getMacro } from '../../db/queries/workspace.ts';
import { recordEvent } from '../events.ts';
import { authorize, canManageRule } from '../policy.ts';
import { visibleRule } from '../views/rules.ts';

/** Deletes a macro the actor may manage. */
export async function deleteMacro(ctx: Ctx, { macroId: id }: { macroId: number }): Promise<void> {
  const actor = ctx.actor!;
  await ctx.db.transaction().execute(async (trx) => {
    const m = visibleRule(actor, await getMacro(trx, id));
    authorize(canManageRule(actor, m.owner_id));
    await removeMacro(trx, id);
    await recordEvent(ctx, trx, { action: 'macro.deleted', subjectType: 'macro', subjectId: id, details: { personal: m.owner_id !== null } });
  });
}

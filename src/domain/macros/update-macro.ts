import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { MacrosTable } from '../../db/schema.ts';
import { getMacro, updateMacro as writeMacro } from '../../db/queries/workspace.ts';
import type { MacroUpdate } from '../../shared/macros.ts';
import { recordEvent } from '../events.ts';
import { authorize, canManageRule } from '../policy.ts';
import { ownerFromRestriction, rulePatch, visibleRule } from '../views/rules.ts';

export interface UpdateMacroInput {
  macroId: number;
  changes: MacroUpdate;
}

/** Changes a macro the actor may manage. */
export async function updateMacro(ctx: Ctx, { macroId: id, changes: input }: UpdateMacroInput): Promise<void> {
  const actor = ctx.actor!;
  await ctx.db.transaction().execute(async (trx) => {
    const m = visibleRule(actor, await getMacro(trx, id));
    authorize(canManageRule(actor, m.owner_id));
    const owner = ownerFromRestriction(actor, input.restriction, m.owner_id);
    authorize(canManageRule(actor, owner));
    const { patch, fields, set } = rulePatch<Updateable<MacrosTable>>(ctx.now().toISOString(), input, { next: owner, current: m.owner_id });
    if (input.actions) set('actions', JSON.stringify(input.actions));
    await writeMacro(trx, id, patch);
    await recordEvent(ctx, trx, { action: 'macro.updated', subjectType: 'macro', subjectId: id, details: { fields, personal: owner !== null } });
  });
}

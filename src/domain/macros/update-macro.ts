import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { MacrosTable } from '../../db/schema.ts';
import { getMacro, updateMacro as writeMacro } from '../../db/queries/workspace.ts';
import type { MacroUpdate } from '../../shared/macros.ts';
import { recordEvent } from '../events.ts';
import { authorize, canManageRule } from '../policy.ts';
import { ownerFromRestriction, visibleRule } from '../views/rules.ts';

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
    const patch: Updateable<MacrosTable> = { updated_at: ctx.now().toISOString() };
    const fields: string[] = [];
    const set = <K extends keyof MacrosTable>(k: K, value: Updateable<MacrosTable>[K] | undefined) => {
      if (value === undefined) return;
      (patch as Record<string, unknown>)[k] = value;
      fields.push(k);
    };
    set('title', input.title);
    set('description', input.description === undefined ? undefined : input.description ?? null);
    set('active', input.active === undefined ? undefined : input.active ? 1 : 0);
    set('position', input.position);
    if (owner !== m.owner_id) set('owner_id', owner);
    if (input.actions) set('actions', JSON.stringify(input.actions));
    await writeMacro(trx, id, patch);
    await recordEvent(ctx, trx, { action: 'macro.updated', subjectType: 'macro', subjectId: id, details: { fields, personal: owner !== null } });
  });
}

import type { Ctx } from '../../context.ts';
import { listRules, type MacroRow } from '../../db/queries/workspace.ts';
import { authorize, canWorkTickets } from '../policy.ts';

export type { MacroRow };

export interface ListMacrosInput {
  active?: boolean;
}

/** The shared macros and the actor's personal ones, by position then id. */
export async function listMacros(ctx: Ctx, input: ListMacrosInput): Promise<MacroRow[]> {
  authorize(canWorkTickets(ctx.actor!));
  return listRules(ctx.db, 'macros', ctx.actor!.id, { active: input.active });
}

import type { Ctx } from '../../context.ts';
import { getMacro, type MacroRow } from '../../db/queries/workspace.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { visibleRule } from '../views/rules.ts';

export type { MacroRow };

export interface ReadMacroInput {
  macroId: number;
}

/** A macro the actor may see: shared, or their own personal one; 404 otherwise. */
export async function readMacro(ctx: Ctx, input: ReadMacroInput): Promise<MacroRow> {
  authorize(canWorkTickets(ctx.actor!));
  return visibleRule(ctx.actor!, await getMacro(ctx.db, input.macroId));
}

import type { Ctx } from '../../context.ts';
import { insertMacro, nextPosition } from '../../db/queries/workspace.ts';
import type { MacroCreate } from '../../shared/macros.ts';
import { recordEvent } from '../events.ts';
import { authorize, canManageRule, canWorkTickets } from '../policy.ts';
import { ownerFromRestriction } from '../views/rules.ts';

/** Saves a macro: shared (admins) or the agent's personal one. Returns its id. */
export async function createMacro(ctx: Ctx, input: MacroCreate): Promise<number> {
  const actor = ctx.actor!;
  authorize(canWorkTickets(actor));
  const owner = ownerFromRestriction(actor, input.restriction);
  authorize(canManageRule(actor, owner));
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertMacro(trx, {
      title: input.title,
      description: input.description ?? null,
      active: input.active === false ? 0 : 1,
      position: input.position ?? (await nextPosition(trx, 'macros', owner)),
      owner_id: owner,
      actions: JSON.stringify(input.actions),
      created_by_id: actor.id || null,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(ctx, trx, { action: 'macro.created', subjectType: 'macro', subjectId: id, details: { personal: owner !== null } });
    return id;
  });
}

import type { Ctx } from '../../context.ts';
import { insertView, nextPosition } from '../../db/queries/workspace.ts';
import type { ViewCreate } from '../../shared/views.ts';
import { recordEvent } from '../events.ts';
import { authorize, canManageRule, canWorkTickets } from '../policy.ts';
import { conditionsOf, ownerFromRestriction } from './rules.ts';

/** Default columns and order of a view that names none (those of the built-in views). */
export const DEFAULT_EXECUTION = { columns: ['subject', 'requester', 'status', 'priority', 'assignee', 'updated'], sort_by: 'updated_at', sort_order: 'desc' } as const;

/** Saves a view: shared (admins) or the agent's personal one. Returns its id. */
export async function createView(ctx: Ctx, input: ViewCreate): Promise<number> {
  const actor = ctx.actor!;
  authorize(canWorkTickets(actor));
  const owner = ownerFromRestriction(actor, input.restriction);
  authorize(canManageRule(actor, owner));
  const conditions = conditionsOf(input) ?? { all: [], any: [] };
  const output = input.output ?? input.execution ?? {};
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertView(trx, {
      title: input.title,
      description: input.description ?? null,
      active: input.active === false ? 0 : 1,
      position: input.position ?? (await nextPosition(trx, 'views', owner)),
      is_default: 0,
      owner_id: owner,
      conditions: JSON.stringify(conditions),
      execution: JSON.stringify({ ...DEFAULT_EXECUTION, ...output }),
      created_by_id: actor.id || null,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(ctx, trx, { action: 'view.created', subjectType: 'view', subjectId: id, details: { personal: owner !== null } });
    return id;
  });
}

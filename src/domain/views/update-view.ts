import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { ViewsTable } from '../../db/schema.ts';
import { getView, updateView as writeView } from '../../db/queries/workspace.ts';
import type { ViewUpdate } from '../../shared/views.ts';
import { recordEvent } from '../events.ts';
import { authorize, canManageRule } from '../policy.ts';
import { conditionsOf, ownerFromRestriction, rulePatch, visibleRule } from './rules.ts';

export interface UpdateViewInput {
  viewId: number;
  changes: ViewUpdate;
}

/** Changes a view the actor may manage; making it shared or personal follows the create rule. */
export async function updateView(ctx: Ctx, { viewId: id, changes: input }: UpdateViewInput): Promise<void> {
  const actor = ctx.actor!;
  await ctx.db.transaction().execute(async (trx) => {
    const v = visibleRule(actor, await getView(trx, id));
    authorize(canManageRule(actor, v.owner_id));
    const owner = ownerFromRestriction(actor, input.restriction, v.owner_id);
    authorize(canManageRule(actor, owner));
    const { patch, fields, set } = rulePatch<Updateable<ViewsTable>>(ctx.now().toISOString(), input, { next: owner, current: v.owner_id });
    const conditions = conditionsOf(input);
    if (conditions) set('conditions', JSON.stringify(conditions));
    const output = input.output ?? input.execution;
    if (output) set('execution', JSON.stringify({ ...(JSON.parse(v.execution) as object), ...output }));
    await writeView(trx, id, patch);
    await recordEvent(ctx, trx, { action: 'view.updated', subjectType: 'view', subjectId: id, details: { fields, personal: owner !== null } });
  });
}

import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { ViewsTable } from '../../db/schema.ts';
import { getView, updateView as writeView } from '../../db/queries/workspace.ts';
import type { ViewUpdate } from '../../shared/views.ts';
import { recordEvent } from '../events.ts';
import { authorize, canManageRule } from '../policy.ts';
import { conditionsOf, ownerFromRestriction, visibleRule } from './rules.ts';

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
    const patch: Updateable<ViewsTable> = { updated_at: ctx.now().toISOString() };
    const fields: string[] = [];
    const set = <K extends keyof ViewsTable>(k: K, value: Updateable<ViewsTable>[K] | undefined) => {
      if (value === undefined) return;
      (patch as Record<string, unknown>)[k] = value;
      fields.push(k);
    };
    set('title', input.title);
    set('description', input.description === undefined ? undefined : input.description ?? null);
    set('active', input.active === undefined ? undefined : input.active ? 1 : 0);
    set('position', input.position);
    if (owner !== v.owner_id) set('owner_id', owner);
    const conditions = conditionsOf(input);
    if (conditions) set('conditions', JSON.stringify(conditions));
    const output = input.output ?? input.execution;
    if (output) set('execution', JSON.stringify({ ...(JSON.parse(v.execution) as object), ...output }));
    await writeView(trx, id, patch);
    await recordEvent(ctx, trx, { action: 'view.updated', subjectType: 'view', subjectId: id, details: { fields, personal: owner !== null } });
  });
}

import type { Ctx } from '../../context.ts';
import { getViews } from '../../db/queries/workspace.ts';
import { authorize, canWorkTickets, ruleVisible } from '../policy.ts';
import { countView } from './run-view.ts';

export interface CountViewsInput {
  viewIds: number[];
}

/** How many tickets each of these views holds for the actor; views they cannot see are left out. */
export async function countViews(ctx: Ctx, input: CountViewsInput): Promise<{ id: number; value: number }[]> {
  authorize(canWorkTickets(ctx.actor!));
  const views = (await getViews(ctx.db, input.viewIds)).filter((v) => ruleVisible(ctx.actor!, v.owner_id));
  const out = [];
  for (const v of views) out.push({ id: v.id, value: await countView(ctx, v) });
  return out;
}

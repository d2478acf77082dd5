import type { Ctx } from '../../context.ts';
import { listRules, type ViewRow } from '../../db/queries/workspace.ts';
import { authorize, canWorkTickets } from '../policy.ts';

export type { ViewRow };

export interface ListViewsInput {
  /** Only active (true) or inactive (false) ones; absent: all. */
  active?: boolean;
}

/** The shared views and the actor's personal ones, by position then id. */
export async function listViews(ctx: Ctx, input: ListViewsInput): Promise<ViewRow[]> {
  authorize(canWorkTickets(ctx.actor!));
  return listRules(ctx.db, 'views', ctx.actor!.id, { active: input.active });
}

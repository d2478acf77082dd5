import type { Ctx } from '../../context.ts';
import { getView, type ViewRow } from '../../db/queries/workspace.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { visibleRule } from './rules.ts';

export type { ViewRow };

export interface ReadViewInput {
  viewId: number;
}

/** A view the actor may see and run: shared, or their own personal one; 404 otherwise. */
export async function readView(ctx: Ctx, input: ReadViewInput): Promise<ViewRow> {
  authorize(canWorkTickets(ctx.actor!));
  return visibleRule(ctx.actor!, await getView(ctx.db, input.viewId));
}

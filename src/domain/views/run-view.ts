import type { Ctx } from '../../context.ts';
import { countTickets, listTicketsSorted, type TicketSort } from '../../db/queries/tickets.ts';
import type { ViewRow } from '../../db/queries/workspace.ts';
import { AppError } from '../../errors.ts';
import { ConditionsSchema, SORT_KEYS, type Conditions } from '../../shared/views.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { viewFilter } from './conditions.ts';

// Running a view (GET /views/{id}/execute, /tickets, /count; POST /views/preview): its
// conditions as the running agent's filter, its sort or the one asked for.

export interface ViewExecution {
  columns: string[];
  sort_by: keyof typeof SORT_KEYS;
  sort_order: 'asc' | 'desc';
}

/** The stored conditions, read through the schema again (defaults filled, as a create stores them). */
export function storedConditions(v: ViewRow): Conditions {
  return ConditionsSchema.parse(JSON.parse(v.conditions));
}

export function storedExecution(v: ViewRow): ViewExecution {
  return JSON.parse(v.execution) as ViewExecution;
}

export interface RunConditionsInput {
  conditions: Conditions;
  sort: { by: keyof typeof SORT_KEYS; order: 'asc' | 'desc' };
  page: { limit: number; offset: number };
}

/** One page of the tickets of these conditions, sorted, with the total. */
export async function runConditions(ctx: Ctx, { conditions, sort, page }: RunConditionsInput) {
  authorize(canWorkTickets(ctx.actor!));
  const filter = viewFilter(conditions, ctx.actor!.id, ctx.now());
  const s: TicketSort = { by: SORT_KEYS[sort.by], order: sort.order };
  const [rows, count] = await Promise.all([listTicketsSorted(ctx.db, filter, s, page), countTickets(ctx.db, filter)]);
  return { rows, count };
}

/** How many tickets the view holds for this agent now. */
export async function countView(ctx: Ctx, v: ViewRow): Promise<number> {
  return countTickets(ctx.db, viewFilter(storedConditions(v), ctx.actor!.id, ctx.now()));
}

/** Views are paged by page and per_page: their order is not by id, so there is no cursor. */
export function refuseCursor(query: Record<string, unknown>): void {
  const page = query.page;
  if (query['page[size]'] !== undefined || (page && typeof page === 'object')) {
    throw new AppError('invalid_request', 'page[size]: views are paged with page and per_page (their order is not by id).');
  }
}

import { api, qs } from '../../lib/api.ts';
import type { ViewExecute, View } from '../../../../src/shared/workspace-shapes.ts';

// The home page's queues: the built-in views found by what they select (an admin may rename
// them), run for their first rows; and "unassigned in my groups", which no built-in view
// selects, run as a preview of the same conditions narrowed to the agent's groups.

type Condition = { field: string; operator: string; value: unknown };

const UNSOLVED: Condition = { field: 'status', operator: 'less_than', value: 'solved' };
/** The conditions of the built-in "Your unsolved tickets" (docs/views.md). */
export const MINE: Condition[] = [UNSOLVED, { field: 'assignee_id', operator: 'is', value: 'current_user' }];
/** The conditions of the built-in "Unassigned tickets". */
export const UNASSIGNED: Condition[] = [UNSOLVED, { field: 'assignee_id', operator: 'is', value: null }];
/** Unassigned, and in a group of the agent looking (resolved by the server for each caller). */
export const UNASSIGNED_IN_MY_GROUPS: Condition[] = [...UNASSIGNED, { field: 'group_id', operator: 'is', value: 'current_groups' }];

/** Rows shown on a card; the card links to the whole list. */
export const CARD_ROWS = 5;

/** Where a saved view opens in the app. */
export function viewPath(id: number): string {
  return `/views/${id}`;
}

const key = (c: { field: string; operator: string; value: unknown }) => `${c.field} ${c.operator} ${JSON.stringify(c.value ?? null)}`;

/** The active view that selects exactly these conditions (a built-in one first), if there is one. */
export function findView(views: View[], all: Condition[]): View | undefined {
  const wanted = all.map(key).sort().join('|');
  const same = (v: View) => v.active && v.conditions.any.length === 0 && v.conditions.all.map(key).sort().join('|') === wanted;
  return views.find((v) => v.default && same(v)) ?? views.find(same);
}

export async function listViews(): Promise<View[]> {
  return (await api<{ views: View[] }>('GET', '/views?active=true')).views;
}

/** The first rows and the count of a view; of the conditions themselves when no view has them. */
export function runQueue(view: View | undefined, all: Condition[]): Promise<ViewExecute> {
  const paging = qs({ per_page: CARD_ROWS });
  if (view) return api<ViewExecute>('GET', `/views/${view.id}/execute${paging}`);
  return api<ViewExecute>('POST', `/views/preview${paging}`, { view: { all } });
}

export async function countView(view: View): Promise<number> {
  return (await api<{ view_count: { value: number } }>('GET', `/views/${view.id}/count`)).view_count.value;
}

import { useQuery } from '@tanstack/react-query';
import { api, qs } from './api.ts';
import type { OffsetPage } from '../../../src/shared/envelopes.ts';
import type { Group } from '../../../src/shared/groups.ts';
import type { User } from '../../../src/shared/users.ts';
import { SORT_KEYS } from '../../../src/shared/views.ts';
import type { View, ViewCount, ViewExecute } from '../../../src/shared/workspace-shapes.ts';

// Views as the ticket list reads them (docs/views.md): the list of views, their counts, and
// one page of a view with the agent's sort and filters on top. Everything about the list is
// in the URL (ListState ⇄ search params), so going back from a ticket, a reload or a shared
// link shows the same page. Filters are conditions added to the view's own `all` and run by
// the server (POST /views/preview): nothing is filtered in the browser.

export const PER_PAGE = 50;

/** The filters an agent can put on a view; every value is as it stands in the URL. */
export interface Filters {
  status?: string;
  /** low … urgent, or `none`. */
  priority?: string;
  /** An agent's id, `me` or `none`. */
  assignee?: string;
  /** A group's id or `none`. */
  group?: string;
  /** A user's id. */
  requester?: string;
  /** Tags separated by spaces: tickets with any of them. */
  tags?: string;
  /** UTC days, YYYY-MM-DD, both ends included. */
  created_from?: string;
  created_to?: string;
  updated_from?: string;
  updated_to?: string;
}

export const FILTER_KEYS = ['status', 'priority', 'assignee', 'group', 'requester', 'tags', 'created_from', 'created_to', 'updated_from', 'updated_to'] as const satisfies readonly (keyof Filters)[];

export interface ListState {
  /** A sort key of the views API (`priority`, `updated`, …); none: the view's own. */
  sort?: string;
  order?: 'asc' | 'desc';
  page: number;
  filters: Filters;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The list's state from the URL; what does not parse is left out (the server would refuse it). */
export function readListState(p: URLSearchParams): ListState {
  const filters: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = p.get(k)?.trim();
    if (!v) continue;
    if (k.endsWith('_from') || k.endsWith('_to')) {
      if (DAY.test(v)) filters[k] = v;
    } else filters[k] = v;
  }
  const sort = p.get('sort') ?? undefined;
  const order = p.get('order');
  const page = Number(p.get('page'));
  return {
    sort: sort && sort in SORT_KEYS ? sort : undefined,
    order: order === 'asc' || order === 'desc' ? order : undefined,
    page: Number.isInteger(page) && page > 1 ? page : 1,
    filters,
  };
}

/** The URL's search params for a state (defaults left out). */
export function listParams(s: ListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.sort) p.set('sort', s.sort);
  if (s.order) p.set('order', s.order);
  for (const k of FILTER_KEYS) if (s.filters[k]) p.set(k, s.filters[k]!);
  if (s.page > 1) p.set('page', String(s.page));
  return p;
}

export const hasFilters = (f: Filters) => FILTER_KEYS.some((k) => !!f[k]);

type Condition = { field: string; operator: string; value: unknown };

const dayAt = (day: string, plusDays = 0) => new Date(Date.parse(`${day}T00:00:00.000Z`) + plusDays * 86_400_000).toISOString();
const idOrNone = (v: string) => (v === 'none' ? null : Number(v));

/** The filters as view conditions (docs/views.md), all of which must hold. */
export function filterConditions(f: Filters): Condition[] {
  const c: Condition[] = [];
  if (f.status) c.push({ field: 'status', operator: 'is', value: f.status });
  if (f.priority) c.push({ field: 'priority', operator: 'is', value: f.priority === 'none' ? null : f.priority });
  if (f.assignee) c.push({ field: 'assignee_id', operator: 'is', value: f.assignee === 'me' ? 'current_user' : idOrNone(f.assignee) });
  if (f.group) c.push({ field: 'group_id', operator: 'is', value: idOrNone(f.group) });
  if (f.requester) c.push({ field: 'requester_id', operator: 'is', value: Number(f.requester) });
  if (f.tags) c.push({ field: 'tags', operator: 'includes', value: f.tags });
  // "From" a day includes it: after the last millisecond before it; "to" a day: before the next one.
  for (const field of ['created', 'updated'] as const) {
    const from = f[`${field}_from`];
    const to = f[`${field}_to`];
    if (from) c.push({ field: `${field}_at`, operator: 'greater_than', value: new Date(Date.parse(dayAt(from)) - 1).toISOString() });
    if (to) c.push({ field: `${field}_at`, operator: 'less_than', value: dayAt(to, 1) });
  }
  return c;
}

/** The view's sort, or the one asked for. */
export function sortOf(view: View, s: Pick<ListState, 'sort' | 'order'>): { by: string; order: 'asc' | 'desc' } {
  return { by: s.sort ?? view.execution.sort_by, order: s.order ?? (view.execution.sort_order === 'asc' ? 'asc' : 'desc') };
}

/** Two sort keys name the same order (`updated` and `updated_at`). */
export function sameSort(a: string, b: string): boolean {
  return (SORT_KEYS as Record<string, string>)[a] === (SORT_KEYS as Record<string, string>)[b];
}

/** One page of a view with the sort and filters of `s`, `perPage` tickets a page. */
export async function fetchViewPage(view: View, s: ListState, perPage = PER_PAGE): Promise<ViewExecute> {
  const sort = sortOf(view, s);
  const paging = { page: s.page, per_page: perPage };
  if (!hasFilters(s.filters)) {
    return api<ViewExecute>('GET', `/views/${view.id}/execute${qs({ sort_by: sort.by, sort_order: sort.order, ...paging })}`);
  }
  const body = {
    view: {
      all: [...view.conditions.all, ...filterConditions(s.filters)],
      any: view.conditions.any,
      output: { columns: view.execution.columns.map((c) => c.id), sort_by: sort.by, sort_order: sort.order },
    },
  };
  return api<ViewExecute>('POST', `/views/preview${qs(paging)}`, body);
}

/** The query key of a view's page: under `tickets`, so the live feed makes it stale. */
export const viewPageKey = (viewId: number, s: ListState, perPage = PER_PAGE) => ['tickets', 'view', viewId, listParams(s).toString(), perPage];

/** The ids of every ticket a view with these filters holds now, 100 a request, in id order. */
export async function allTicketIds(view: View, s: ListState, onProgress?: (n: number) => void): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const r = await fetchViewPage(view, { ...s, sort: 'id', order: 'asc', page }, 100);
    ids.push(...r.rows.map((row) => row.ticket_id));
    onProgress?.(ids.length);
    if (!r.next_page || !r.rows.length) return [...new Set(ids)];
  }
}

export function useViews() {
  return useQuery({ queryKey: ['views', 'list'], queryFn: () => api<{ views: View[] }>('GET', '/views?active=true'), staleTime: 30_000 });
}

/** How many tickets each view holds (the unfiltered views), under `tickets` for the live feed. */
export function useViewCounts(ids: number[]) {
  const wanted = ids.slice(0, 100);
  return useQuery({
    queryKey: ['tickets', 'view-counts', wanted],
    queryFn: async () => {
      const r = await api<{ view_counts: ViewCount[] }>('GET', `/views/count_many?ids=${wanted.join(',')}`);
      return new Map(r.view_counts.map((c) => [c.view_id, c.value]));
    },
    enabled: wanted.length > 0,
  });
}

/** Agents and admins, for assignee choices (the same query the settings page reads). */
export function useStaff() {
  const q = useQuery({ queryKey: ['staff'], queryFn: () => api<OffsetPage & { users: User[] }>('GET', '/users?role=agent,admin&per_page=100'), staleTime: 60_000 });
  return (q.data?.users ?? []).filter((u) => !u.suspended).sort((a, b) => a.name.localeCompare(b.name));
}

export function useGroups() {
  const q = useQuery({ queryKey: ['groups'], queryFn: () => api<OffsetPage & { groups: Group[] }>('GET', '/groups?per_page=100'), staleTime: 60_000 });
  return q.data?.groups ?? [];
}

import { listParams, PER_PAGE, readListState, type ListState } from './views.ts';

// Working a queue: a ticket opened from a view carries the view, its sort and filters and
// the ticket's place in the list in its URL (`?view=12&at=40&list=sort%3Dpriority…`), so the
// ticket page can offer the previous and next ticket of the same list, and the way back to
// the exact page it came from. The list state travels as one parameter so it never mixes
// with the ticket page's own (`?in=spam`).

export interface QueueContext {
  viewId: number;
  /** The list's sort and filters (its page follows from `at`). */
  state: ListState;
  /** The ticket's place in the whole list, from 0. */
  at: number;
}

/** The ticket page's link for a ticket at `at` in the list. */
export function ticketInQueue(ticketId: number, q: QueueContext): string {
  const p = new URLSearchParams({ view: String(q.viewId), at: String(q.at) });
  const list = listParams({ ...q.state, page: 1 }).toString();
  if (list) p.set('list', list);
  return `/tickets/${ticketId}?${p.toString()}`;
}

/** The queue a ticket page was opened from, or null when it was not opened from a view. */
export function readQueue(p: URLSearchParams): QueueContext | null {
  const viewId = Number(p.get('view'));
  const at = Number(p.get('at'));
  if (!Number.isInteger(viewId) || viewId < 1 || !Number.isInteger(at) || at < 0) return null;
  const state = readListState(new URLSearchParams(p.get('list') ?? ''));
  return { viewId, at, state: { ...state, page: pageOfPlace(at) } };
}

/** The page of the list that holds place `at`. */
export const pageOfPlace = (at: number) => Math.floor(at / PER_PAGE) + 1;

/** The list's page that holds the ticket, as the view's URL. */
export function listInQueue(q: QueueContext): string {
  const p = listParams({ ...q.state, page: pageOfPlace(q.at) }).toString();
  return `/views/${q.viewId}${p ? `?${p}` : ''}`;
}

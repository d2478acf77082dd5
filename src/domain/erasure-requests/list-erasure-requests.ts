import type { Ctx } from '../../context.ts';
import { countRequests, listRequests, type ErasureRequestRow, type RequestFilter } from '../../db/queries/erasure-requests.ts';
import type { DueFilter, ErasureRequestStatus } from '../../shared/erasure-requests.ts';
import type { PageSource } from '../page-source.ts';
import { DUE_SOON_DAYS } from './due-dates.ts';

export interface ListErasureRequestsInput {
  status?: ErasureRequestStatus;
  /** Open requests past their deadline (`overdue`) or reaching it within DUE_SOON_DAYS (`soon`). */
  due?: DueFilter;
}

/** Erasure requests, by status and by how near their deadline is, as pages. */
export function listErasureRequests(ctx: Ctx, input: ListErasureRequestsInput): PageSource<ErasureRequestRow> {
  const f: RequestFilter = { status: input.status };
  const now = ctx.now();
  if (input.due === 'overdue') f.deadlineBefore = now.toISOString();
  if (input.due === 'soon') {
    f.deadlineFrom = now.toISOString();
    f.deadlineBefore = new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000).toISOString();
  }
  return { fetch: (p) => listRequests(ctx.db, f, p), count: () => countRequests(ctx.db, f) };
}

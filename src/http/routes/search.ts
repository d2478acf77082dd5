import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { authorize, canWorkTickets } from '../../domain/policy.ts';
import { countAll, exportSource, MAX_OFFSET_RESULTS, searchAll, type SortBy } from '../../search/service.ts';
import { RESULT_TYPES, type ResultType } from '../../search/syntax.ts';
import { pageRequest, paginate, selfUrl } from '../pagination.ts';
import { presentSearchResults } from '../presenters/search.ts';

type Query = Record<string, unknown>;

function queryText(req: FastifyRequest): string {
  const q = (req.query as Query).query;
  if (typeof q !== 'string' || q.trim() === '') {
    throw new AppError('invalid_request', 'Give a search query: ?query=… (for example ?query=status:open printer).');
  }
  return q;
}

function scopeOf(req: FastifyRequest) {
  authorize(canWorkTickets(req.ctx.actor!));
  return { actorId: req.ctx.actor!.id };
}

function sortOf(q: Query): { sortBy?: SortBy; order?: 'asc' | 'desc' } {
  const by = q.sort_by;
  const order = q.sort_order;
  if (by !== undefined && by !== 'updated_at' && by !== 'created_at') {
    throw new AppError('invalid_request', 'sort_by must be updated_at or created_at.');
  }
  if (order !== undefined && order !== 'asc' && order !== 'desc') {
    throw new AppError('invalid_request', 'sort_order must be asc or desc.');
  }
  return { sortBy: by as SortBy | undefined, order: order as 'asc' | 'desc' | undefined };
}

function filterType(q: Query): ResultType {
  const nested = q.filter && typeof q.filter === 'object' ? (q.filter as Query).type : undefined;
  const t = q['filter[type]'] ?? nested;
  if (typeof t !== 'string' || !(RESULT_TYPES as readonly string[]).includes(t)) {
    throw new AppError('invalid_request', `filter[type] is required: one of ${RESULT_TYPES.join(', ')}.`);
  }
  return t as ResultType;
}

/** Search (API.md): offset-paged results of every type, their count, and a cursor-paged export of one type. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/search', async (req) => {
    const scope = scopeOf(req);
    const q = req.query as Query;
    const pr = pageRequest(q);
    if (pr.mode !== 'offset') throw new AppError('invalid_request', 'Search pages by page and per_page; use /search/export for cursor pages.');
    const { rows, count } = await searchAll(req.ctx.db, req.ctx.caps, queryText(req), { page: pr.page, perPage: pr.perPage, ...sortOf(q) }, scope);
    const seen = (pr.page - 1) * pr.perPage + rows.length;
    const pageUrl = (page: number) => selfUrl(req, { page: String(page), per_page: String(pr.perPage) });
    return {
      results: await presentSearchResults(req, rows),
      facets: null,
      next_page: seen < count && rows.length === pr.perPage && seen + pr.perPage <= MAX_OFFSET_RESULTS ? pageUrl(pr.page + 1) : null,
      previous_page: pr.page > 1 ? pageUrl(pr.page - 1) : null,
      count,
    };
  });

  app.get('/search/count', async (req) => {
    const scope = scopeOf(req);
    return { count: await countAll(req.ctx.db, req.ctx.caps, queryText(req), scope) };
  });

  app.get('/search/export', async (req) => {
    const scope = scopeOf(req);
    const q = req.query as Query;
    const type = filterType(q);
    const source = exportSource(req.ctx.db, req.ctx.caps, queryText(req), type, scope);
    // The export always pages by cursor (100 by default), as Zendesk's does: a request
    // without page[size] is read as if it had sent page[size]=100.
    const hasSize = q['page[size]'] !== undefined || (q.page && typeof q.page === 'object');
    const cursorReq = hasSize ? req : (Object.create(req, { query: { value: { ...q, 'page[size]': '100' } } }) as FastifyRequest);
    return paginate(cursorReq, 'results', source, (rows) =>
      presentSearchResults(
        req,
        rows.map((r) => ({ result_type: type, id: r.id })),
      ),
    );
  });
}

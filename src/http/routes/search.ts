import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { authorize, canWorkTickets } from '../../domain/policy.ts';
import { countAll, exportSource, MAX_OFFSET_RESULTS, searchAll } from '../../search/service.ts';
import { highlightResults } from '../../search/highlights.ts';
import { RESULT_TYPES, type ResultType } from '../../search/syntax.ts';
import { PageQuerySchema, requiredText, SearchCountQuerySchema, SearchQuerySchema, SearchTextSchema } from '../../shared/query.ts';
import { pageRequest, paginate, selfUrl } from '../pagination.ts';
import { parseQuery } from '../query.ts';
import { presentSearchResults } from '../presenters/search.ts';
import type { SearchPage } from '../../shared/search.ts';

function scopeOf(req: FastifyRequest) {
  authorize(canWorkTickets(req.ctx.actor!));
  return { actorId: req.ctx.actor!.id };
}

const TYPE_RULE = `is required: one of ${RESULT_TYPES.join(', ')}`;

/** GET /search/export: one type's results by cursor; the web app does not build this one. */
const SearchExportQuerySchema = PageQuerySchema.extend({
  query: SearchTextSchema,
  'filter[type]': requiredText(TYPE_RULE).pipe(z.enum(RESULT_TYPES as [ResultType, ...ResultType[]], { error: TYPE_RULE })),
});

/** Search (docs/search.md): offset-paged results of every type, their count, and a cursor-paged export of one type. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/search', async (req): Promise<SearchPage> => {
    const scope = scopeOf(req);
    const q = parseQuery(SearchQuerySchema, req.query);
    const pr = pageRequest(req.query);
    if (pr.mode !== 'offset') throw new AppError('invalid_request', 'Search pages by page and per_page; use /search/export for cursor pages.');
    const sort = { sortBy: q.sort_by, order: q.sort_order };
    const { rows, count } = await searchAll(req.ctx.db, req.ctx.caps, q.query, { page: pr.page, perPage: pr.perPage, ...sort }, scope);
    const seen = (pr.page - 1) * pr.perPage + rows.length;
    const pageUrl = (page: number) => selfUrl(req, { page: String(page), per_page: String(pr.perPage) });
    return {
      results: await presentSearchResults(req, rows, await highlightResults(req.ctx.db, req.ctx.caps, q.query, rows)),
      facets: null,
      next_page: seen < count && rows.length === pr.perPage && seen + pr.perPage <= MAX_OFFSET_RESULTS ? pageUrl(pr.page + 1) : null,
      previous_page: pr.page > 1 ? pageUrl(pr.page - 1) : null,
      count,
    };
  });

  app.get('/search/count', async (req) => {
    const scope = scopeOf(req);
    const q = parseQuery(SearchCountQuerySchema, req.query);
    return { count: await countAll(req.ctx.db, req.ctx.caps, q.query, scope) };
  });

  app.get('/search/export', async (req) => {
    const scope = scopeOf(req);
    const q = parseQuery(SearchExportQuerySchema, req.query);
    const type = q['filter[type]'];
    const source = exportSource(req.ctx.db, req.ctx.caps, q.query, type, scope);
    // The export always pages by cursor (100 by default), as Zendesk's does: a request
    // without page[size] is read as if it had sent page[size]=100.
    const raw = req.query as Record<string, unknown>;
    const cursorReq = q['page[size]'] !== undefined ? req : (Object.create(req, { query: { value: { ...raw, 'page[size]': '100' } } }) as FastifyRequest);
    return paginate(cursorReq, 'results', source, (rows) =>
      presentSearchResults(
        req,
        rows.map((r) => ({ result_type: type, id: r.id })),
      ),
    );
  });
}

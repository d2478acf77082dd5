import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { archiveArticle } from '../../domain/help-centre/archive-article.ts';
import { createArticle } from '../../domain/help-centre/create-article.ts';
import { deleteArticleForever } from '../../domain/help-centre/delete-article-forever.ts';
import { exportArticlesSince, listArticlesForStaff, listRevisions, readAnyArticle, readArticle, searchArticles } from '../../domain/help-centre/read-articles.ts';
import { redactArticle } from '../../domain/help-centre/redact-article.ts';
import { restoreArticle } from '../../domain/help-centre/restore-article.ts';
import { updateArticle } from '../../domain/help-centre/update-article.ts';
import { AppError } from '../../errors.ts';
import { ArticleCreateSchema, ArticleRedactSchema, ArticleUpdateSchema } from '../../shared/help-centre-kb.ts';
import { optionalParam, wholeParam } from '../../shared/query.ts';
import { idParam, parseRoot } from '../body.ts';
import { zodToAppError } from '../errors.ts';
import { apiBase } from '../presenters/common.ts';
import { presentArticle, presentRevision } from '../presenters/help-centre.ts';
import { parseQuery } from '../query.ts';
import { hcPage, HcPageQuery, pageLinks, pathLocale } from './help-centre-common.ts';

// Articles of the knowledge base (docs/help-centre.md, "API" and "Lifecycle"): Zendesk's
// paths and fields; DELETE archives, as in Zendesk. Oubli's extensions: archived articles
// (list, restore, delete forever), revisions, and string redaction.

type Id = { Params: { id: string; locale?: string } };

const ListQuery = HcPageQuery.extend({ label_names: optionalParam(z.string().max(1000)) });
const SearchQuery = HcPageQuery.extend({
  query: z.string({ error: 'Give a search query: ?query=…' }).trim().min(1, 'Give a search query: ?query=…').max(500, 'must be at most 500 characters'),
  locale: optionalParam(z.string().max(20)),
});
const CURSOR = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)_(\d{1,10})$/;
const IncrementalQuery = z.object({
  start_time: z.string({ error: 'Give start_time: a Unix time in seconds.' }).regex(/^\d{1,11}$/, 'must be a Unix time in seconds').transform(Number),
  cursor: optionalParam(z.string().max(64).regex(CURSOR, 'is not a cursor this server gave out')),
  per_page: wholeParam(1, 1000),
});

export default async function routes(app: FastifyInstance): Promise<void> {
  const list = async (req: FastifyRequest<{ Params: { id?: string; locale?: string } }>) => {
    const q = parseQuery(ListQuery, req.query);
    const p = hcPage(req);
    const sectionId = req.params.id === undefined ? undefined : idParam(req.params.id);
    const labelNames = q.label_names?.split(',').map((s) => s.trim()).filter(Boolean);
    const r = await listArticlesForStaff(req.ctx, { sectionId, locale: pathLocale(req), labelNames, page: p.page, perPage: p.perPage });
    return { articles: r.views.map((v) => presentArticle(req, v)), ...pageLinks(req, p, r.count) };
  };
  app.get('/help_center/articles', list);
  app.get('/help_center/:locale/articles', list);
  app.get('/help_center/sections/:id/articles', list);
  app.get('/help_center/:locale/sections/:id/articles', list);

  app.get('/help_center/articles/search', async (req) => {
    const q = parseQuery(SearchQuery, req.query);
    const p = hcPage(req);
    const r = await searchArticles(req.ctx, { query: q.query, locale: q.locale, page: p.page, perPage: p.perPage });
    return {
      results: r.hits.map((h) => ({ ...presentArticle(req, h.view), result_type: 'article', snippet: h.snippet })),
      page: p.page,
      per_page: p.perPage,
      count: r.hits.length + (p.page - 1) * p.perPage + (r.more ? 1 : 0),
      next_page: r.more ? `${apiBase(req)}/help_center/articles/search?${new URLSearchParams({ query: q.query, page: String(p.page + 1), per_page: String(p.perPage) })}` : null,
      previous_page: p.page > 1 ? `${apiBase(req)}/help_center/articles/search?${new URLSearchParams({ query: q.query, page: String(p.page - 1), per_page: String(p.perPage) })}` : null,
    };
  });

  app.get('/help_center/incremental/articles', async (req) => {
    const q = parseQuery(IncrementalQuery, req.query);
    const limit = q.per_page ?? 1000;
    const since = new Date(q.start_time * 1000);
    if (Number.isNaN(since.getTime()) || since.getTime() > 8.64e15) throw new AppError('invalid_request', 'start_time must be a Unix time in seconds.');
    const m = q.cursor ? CURSOR.exec(q.cursor) : null;
    const views = await exportArticlesSince(req.ctx, { since: m ? m[1]! : since.toISOString(), afterId: m ? Number(m[2]) : 0, limit });
    const last = views[views.length - 1]?.article;
    const endTime = last ? Math.floor(Date.parse(last.updated_at) / 1000) : q.start_time;
    const params = new URLSearchParams({ start_time: String(endTime), per_page: String(limit), ...(last ? { cursor: `${last.updated_at}_${last.id}` } : {}) });
    return {
      articles: views.map((v) => presentArticle(req, v)),
      count: views.length,
      end_time: endTime,
      next_page: views.length === limit ? `${apiBase(req)}/help_center/incremental/articles?${params.toString()}` : null,
    };
  });

  const one = async (req: FastifyRequest<Id>) => ({ article: presentArticle(req, await readArticle(req.ctx, { id: idParam(req.params.id), locale: pathLocale(req) })) });
  app.get<Id>('/help_center/articles/:id', one);
  app.get<Id>('/help_center/:locale/articles/:id', one);

  const create = async (req: FastifyRequest<Id>, reply: FastifyReply) => {
    const sectionId = idParam(req.params.id);
    const b = parseRoot(ArticleCreateSchema, 'article', req.body);
    const id = await createArticle(req.ctx, {
      sectionId,
      title: b.title,
      body: b.body,
      locale: b.locale ?? pathLocale(req),
      draft: b.draft,
      promoted: b.promoted,
      position: b.position,
      commentsDisabled: b.comments_disabled,
      labelNames: b.label_names,
      authorId: b.author_id,
      attachmentIds: b.attachment_ids,
    });
    reply.code(201);
    return { article: presentArticle(req, await readArticle(req.ctx, { id })) };
  };
  app.post<Id>('/help_center/sections/:id/articles', create);
  app.post<Id>('/help_center/:locale/sections/:id/articles', create);

  const update = async (req: FastifyRequest<Id>) => {
    const id = idParam(req.params.id);
    const b = parseRoot(ArticleUpdateSchema, 'article', req.body);
    await updateArticle(req.ctx, {
      id,
      sectionId: b.section_id,
      authorId: b.author_id,
      position: b.position,
      promoted: b.promoted,
      commentsDisabled: b.comments_disabled,
      labelNames: b.label_names,
      sourceLocale: b.source_locale,
    });
    return { article: presentArticle(req, await readArticle(req.ctx, { id, locale: pathLocale(req) })) };
  };
  app.put<Id>('/help_center/articles/:id', update);
  app.put<Id>('/help_center/:locale/articles/:id', update);

  // Zendesk's DELETE: the article is archived.
  app.delete<Id>('/help_center/articles/:id', async (req, reply) => {
    await archiveArticle(req.ctx, { id: idParam(req.params.id) });
    reply.code(204);
  });

  app.get<Id>('/help_center/articles/:id/revisions', async (req) => {
    const locale = parseQuery(z.object({ locale: optionalParam(z.string().max(20)) }).loose(), req.query).locale;
    const rows = await listRevisions(req.ctx, { articleId: idParam(req.params.id), locale });
    return { revisions: rows.map((r) => presentRevision(r.revision, r.translation)), count: rows.length };
  });

  app.put<Id>('/help_center/articles/:id/redact', async (req) => {
    const id = idParam(req.params.id);
    const parsed = ArticleRedactSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw zodToAppError(parsed.error);
    const r = await redactArticle(req.ctx, { id, text: parsed.data.text });
    return { article: presentArticle(req, await readAnyArticle(req.ctx, { id })), redactions: r.occurrences, translations: r.translations, revisions: r.revisions };
  });

  app.get('/help_center/archived_articles', async (req) => {
    const p = hcPage(req);
    const r = await listArticlesForStaff(req.ctx, { archived: true, page: p.page, perPage: p.perPage });
    return { articles: r.views.map((v) => presentArticle(req, v)), ...pageLinks(req, p, r.count) };
  });

  app.put<Id>('/help_center/archived_articles/:id/restore', async (req) => {
    const id = idParam(req.params.id);
    await restoreArticle(req.ctx, { id });
    return { article: presentArticle(req, await readArticle(req.ctx, { id })) };
  });

  app.delete<Id>('/help_center/archived_articles/:id', async (req, reply) => {
    await deleteArticleForever(req.ctx, { id: idParam(req.params.id) });
    reply.code(204);
  });
}

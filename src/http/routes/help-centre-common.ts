import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PageQuerySchema } from '../../shared/query.ts';
import { selfUrl } from '../pagination.ts';
import { parseQuery } from '../query.ts';

// What the help centre's routes share: Zendesk's offset pages (`page`, `per_page`,
// `next_page`, `previous_page`, `count`, `page_count`) and the locale in the path.

export const HcPageQuery = PageQuerySchema.pick({ page: true, per_page: true }).extend({ locale: z.unknown().optional() }).loose();

export interface HcPage {
  page: number;
  perPage: number;
}

export function hcPage(req: FastifyRequest): HcPage {
  const q = parseQuery(HcPageQuery, req.query);
  return { page: q.page ?? 1, perPage: q.per_page ?? 30 };
}

/** Zendesk's page links around a list of `count` items. */
export function pageLinks(req: FastifyRequest, p: HcPage, count: number) {
  const pages = Math.max(1, Math.ceil(count / p.perPage));
  return {
    page: p.page,
    per_page: p.perPage,
    page_count: pages,
    count,
    next_page: p.page < pages ? selfUrl(req, { page: String(p.page + 1), per_page: String(p.perPage) }) : null,
    previous_page: p.page > 1 ? selfUrl(req, { page: String(p.page - 1), per_page: String(p.perPage) }) : null,
  };
}

/** The `{locale}` of a `/help_center/{locale}/…` path, if the route has one. */
export function pathLocale(req: FastifyRequest): string | undefined {
  return (req.params as { locale?: string }).locale;
}

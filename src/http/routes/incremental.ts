import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decodeExportCursor } from '../../domain/exports/export-cursor.ts';
import { EXPORT_PAGE_MAX } from '../../domain/exports/export-window.ts';
import { readErasureFeed } from '../../domain/exports/read-erasure-feed.ts';
import type { ExportRequest } from '../../domain/exports/read-export.ts';
import { readOrganizationExport } from '../../domain/exports/read-organization-export.ts';
import { readTicketEventExport } from '../../domain/exports/read-ticket-event-export.ts';
import { readTicketExport } from '../../domain/exports/read-ticket-export.ts';
import { readUserExport } from '../../domain/exports/read-user-export.ts';
import { CursorExportQuerySchema, TimeExportQuerySchema } from '../../shared/exports.ts';
import { presentOrganization } from '../presenters/organizations.ts';
import { presentUsers } from '../presenters/users.ts';
import { parseQuery } from '../query.ts';
import { pagingOf, presentErasure, presentExportedTickets, presentTicketEvent } from './incremental-shapes.ts';

// Incremental exports (docs/exports.md), as Zendesk clients follow them: time-based pages from
// `start_time` until `end_of_stream`, cursor-based pages for tickets and users, the legacy
// /exports/tickets path, and Oubli's erasure feed. Admins only (the actions check).

function timeRequest(req: FastifyRequest): { request: ExportRequest & { mode: 'time' }; excludeDeleted: boolean; include: string[] } {
  const q = parseQuery(TimeExportQuerySchema, req.query);
  const limit = q.per_page ?? q['page[size]'] ?? EXPORT_PAGE_MAX;
  return { request: { mode: 'time', startTime: q.start_time, limit }, excludeDeleted: q.exclude_deleted ?? false, include: q.include ?? [] };
}

function cursorRequest(req: FastifyRequest): { request: ExportRequest; excludeDeleted: boolean } {
  const q = parseQuery(CursorExportQuerySchema, req.query);
  const limit = q.per_page ?? q['page[size]'] ?? EXPORT_PAGE_MAX;
  // A cursor wins over a start time: it is where the client has got to.
  const start = q.cursor !== undefined ? { cursor: decodeExportCursor(q.cursor) } : { startTime: q.start_time! };
  return { request: { mode: 'cursor', start, limit }, excludeDeleted: q.exclude_deleted ?? false };
}

export default async function routes(app: FastifyInstance): Promise<void> {
  const tickets = async (req: FastifyRequest, input: { request: ExportRequest; excludeDeleted: boolean }) => {
    const r = await readTicketExport(req.ctx, input);
    return { tickets: await presentExportedTickets(req, r.page.rows), ...pagingOf(req, r) };
  };
  const users = async (req: FastifyRequest, input: { request: ExportRequest; excludeDeleted: boolean }) => {
    const r = await readUserExport(req.ctx, input);
    return { users: await presentUsers(req, r.page.rows), ...pagingOf(req, r) };
  };

  app.get('/incremental/tickets', async (req) => tickets(req, timeRequest(req)));
  // The path node-zendesk's tickets.export calls (Zendesk's old ticket export): the same pages.
  app.get('/exports/tickets', async (req) => tickets(req, timeRequest(req)));
  app.get('/incremental/tickets/cursor', async (req) => tickets(req, cursorRequest(req)));
  app.get('/incremental/users', async (req) => users(req, timeRequest(req)));
  app.get('/incremental/users/cursor', async (req) => users(req, cursorRequest(req)));

  app.get('/incremental/organizations', async (req) => {
    const r = await readOrganizationExport(req.ctx, { request: timeRequest(req).request });
    return { organizations: r.page.rows.map((o) => presentOrganization(req, o)), ...pagingOf(req, r) };
  });

  app.get('/incremental/ticket_events', async (req) => {
    const t = timeRequest(req);
    const withComments = t.include.includes('comment_events');
    const { result, comments } = await readTicketEventExport(req.ctx, { startTime: t.request.startTime, limit: t.request.limit, withComments });
    return { ticket_events: result.page.rows.map((e) => presentTicketEvent(e, withComments ? comments : null)), ...pagingOf(req, result) };
  });

  // Oubli's extension: what was erased or redacted, kinds and ids only.
  app.get('/incremental/erasures', async (req) => {
    const t = timeRequest(req);
    const page = await readErasureFeed(req.ctx, { startTime: t.request.startTime, limit: t.request.limit });
    return { erasures: page.rows.map(presentErasure), ...pagingOf(req, { mode: 'time', page }) };
  });
}

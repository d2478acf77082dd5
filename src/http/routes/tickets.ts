import type { FastifyInstance, FastifyRequest } from 'fastify';
import { countComments, listComments } from '../../db/queries/comments.ts';
import { countTickets, getTicket, getTickets, listTickets, type TicketFilter, type TicketRow } from '../../db/queries/tickets.ts';
import { getJob } from '../../db/queries/jobs.ts';
import { getUser } from '../../db/queries/users.ts';
import { authorize, canDeleteTickets, canWorkTickets, ticketShown } from '../../domain/policy.ts';
import { closeTicket } from '../../domain/tickets/close-ticket.ts';
import { createTicket } from '../../domain/tickets/create-ticket.ts';
import { deleteTicket } from '../../domain/tickets/delete-ticket.ts';
import { markSpam } from '../../domain/tickets/mark-spam.ts';
import { updateTicket } from '../../domain/tickets/update-ticket.ts';
import { notFound } from '../../errors.ts';
import { enqueueBulkJob } from '../../jobs/runner.ts';
import { TicketCreateSchema, TicketUpdateSchema } from '../../shared/tickets.ts';
import { idParam, idsParam, parseRoot } from '../body.ts';
import { paginate } from '../pagination.ts';
import { presentComments } from '../presenters/comments.ts';
import { presentJob } from '../presenters/jobs.ts';
import { presentAudit, presentTicket, presentTickets } from '../presenters/tickets.ts';

type IdParams = { Params: { id: string } };
type IdsQuery = { Querystring: { ids?: string } };

/** Tickets shown through /tickets: active ones, and Spam ones by id. Deleted ones live under /deleted_tickets. */
export function visibleTicket(t: TicketRow | undefined): TicketRow {
  if (!t || !ticketShown(t.state)) throw notFound();
  return t;
}

/** A paginated list of tickets matching a filter, in the wire format. */
export function ticketList(
  req: FastifyRequest,
  filter: TicketFilter,
  key = 'tickets',
  present: (req: FastifyRequest, rows: TicketRow[]) => Promise<unknown[]> = presentTickets,
) {
  return paginate(
    req,
    key,
    { fetch: (o) => listTickets(req.ctx.db, filter, o), count: () => countTickets(req.ctx.db, filter) },
    (rows) => present(req, rows),
  );
}

/** Answers a bulk endpoint with its queued job. */
export async function bulkJobAnswer(req: FastifyRequest, jobType: string, ids: number[]) {
  const jobId = await enqueueBulkJob(req.ctx, jobType, ids);
  return { job_status: presentJob(req, (await getJob(req.ctx.db, jobId))!) };
}

/** Tickets: list, show, create, update, delete, spam, close and comments (API.md). */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/tickets', async (req) => ticketList(req, { state: 'active' }));

  app.get<IdsQuery>('/tickets/show_many', async (req) => {
    const ids = idsParam(req.query.ids);
    const rows = (await getTickets(req.ctx.db, ids)).filter((t) => ticketShown(t.state));
    return { tickets: await presentTickets(req, rows) };
  });

  app.get<IdParams>('/tickets/:id', async (req) => {
    const t = visibleTicket(await getTicket(req.ctx.db, idParam(req.params.id)));
    return { ticket: await presentTicket(req, t) };
  });

  app.post('/tickets', async (req, reply) => {
    const input = parseRoot(TicketCreateSchema, 'ticket', req.body);
    const r = await createTicket(req.ctx, input);
    reply.status(201);
    return { ticket: await presentTicket(req, (await getTicket(req.ctx.db, r.ticketId))!), audit: presentAudit(r.audit) };
  });

  app.put<IdParams>('/tickets/:id', async (req) => {
    const id = idParam(req.params.id);
    const input = parseRoot(TicketUpdateSchema, 'ticket', req.body);
    const r = await updateTicket(req.ctx, id, input);
    return { ticket: await presentTicket(req, (await getTicket(req.ctx.db, id))!), audit: presentAudit(r.audit) };
  });

  app.delete<IdsQuery>('/tickets/destroy_many', async (req) => {
    const ids = idsParam(req.query.ids);
    authorize(canDeleteTickets(req.ctx.actor!));
    return bulkJobAnswer(req, 'bulk_delete_tickets', ids);
  });

  app.delete<IdParams>('/tickets/:id', async (req, reply) => {
    await deleteTicket(req.ctx, idParam(req.params.id));
    reply.status(204).send();
  });

  app.put<IdsQuery>('/tickets/mark_many_as_spam', async (req) => {
    const ids = idsParam(req.query.ids);
    authorize(canWorkTickets(req.ctx.actor!));
    return bulkJobAnswer(req, 'bulk_mark_spam', ids);
  });

  app.put<IdParams>('/tickets/:id/mark_as_spam', async (req) => {
    await markSpam(req.ctx, idParam(req.params.id));
    return {};
  });

  app.put<IdParams>('/tickets/:id/close', async (req) => {
    const id = idParam(req.params.id);
    await closeTicket(req.ctx, id);
    return { ticket: await presentTicket(req, (await getTicket(req.ctx.db, id))!) };
  });

  app.get<IdParams>('/tickets/:id/comments', async (req) => {
    const t = visibleTicket(await getTicket(req.ctx.db, idParam(req.params.id)));
    return paginate(
      req,
      'comments',
      { fetch: (o) => listComments(req.ctx.db, t.id, o), count: () => countComments(req.ctx.db, t.id) },
      (rows) => presentComments(req, rows),
    );
  });

  app.get<IdParams>('/users/:id/tickets/requested', async (req) => {
    const user = await getUser(req.ctx.db, idParam(req.params.id));
    if (!user || user.erased_at) throw notFound();
    return ticketList(req, { state: 'active', requesterId: user.id });
  });
}

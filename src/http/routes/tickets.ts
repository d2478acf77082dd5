import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readJob } from '../../domain/jobs/read-job.ts';
import { authorize, canDeleteTickets, canWorkTickets } from '../../domain/policy.ts';
import { listRequestedTickets } from '../../domain/tickets/list-requested-tickets.ts';
import { listTicketComments } from '../../domain/tickets/list-ticket-comments.ts';
import { listTickets, type TicketFilter } from '../../domain/tickets/list-tickets.ts';
import { readTicket, type TicketRow } from '../../domain/tickets/read-ticket.ts';
import { readTickets } from '../../domain/tickets/read-tickets.ts';
import { closeTicket } from '../../domain/tickets/close-ticket.ts';
import { createTicket } from '../../domain/tickets/create-ticket.ts';
import { deleteTicket } from '../../domain/tickets/delete-ticket.ts';
import { markSpam } from '../../domain/tickets/mark-spam.ts';
import { updateTicket } from '../../domain/tickets/update-ticket.ts';
import { enqueueBulkJob } from '../../jobs/runner.ts';
import { TicketCreateSchema, TicketUpdateSchema, type Ticket } from '../../shared/tickets.ts';
import { idParam, idsParam, parseRoot } from '../body.ts';
import { paginate } from '../pagination.ts';
import { presentComments } from '../presenters/comments.ts';
import { presentJob } from '../presenters/jobs.ts';
import { presentAudit, presentTicket, presentTickets } from '../presenters/tickets.ts';
import { ticketSideloads } from '../presenters/sideloads.ts';
import { addSplitVoiceComment, splitVoiceComment } from './voice.ts';

type IdParams = { Params: { id: string } };
type IdsQuery = { Querystring: { ids?: string } };

/** A paginated list of tickets matching a filter, in the wire format. */
export function ticketList(
  req: FastifyRequest,
  filter: TicketFilter,
  key = 'tickets',
  present: (req: FastifyRequest, rows: TicketRow[]) => Promise<unknown[]> = presentTickets,
) {
  return paginate(req, key, listTickets(req.ctx, filter), (rows) => present(req, rows));
}

/** Answers a bulk endpoint with its queued job. */
export async function bulkJobAnswer(req: FastifyRequest, jobType: string, ids: number[], options?: Record<string, unknown>) {
  const jobId = await enqueueBulkJob(req.ctx, jobType, ids, options);
  return { job_status: presentJob(req, await readJob(req.ctx, { jobId })) };
}

/** Tickets: list, show, create, update, delete, spam, close and comments (docs/api.md). */
export default async function routes(app: FastifyInstance): Promise<void> {
  // ?include=users,groups,organizations side-loads what the tickets point at (presenters/sideloads.ts).
  app.get('/tickets', async (req) => {
    const page = await ticketList(req, { state: 'active' });
    return { ...page, ...(await ticketSideloads(req, page.tickets as Ticket[])) };
  });

  app.get<IdsQuery>('/tickets/show_many', async (req) => {
    const ids = idsParam(req.query.ids);
    const tickets = await presentTickets(req, await readTickets(req.ctx, { ticketIds: ids }));
    return { tickets, ...(await ticketSideloads(req, tickets)) };
  });

  app.get<IdParams>('/tickets/:id', async (req) => {
    const ticket = await presentTicket(req, await readTicket(req.ctx, { ticketId: idParam(req.params.id) }));
    return { ticket, ...(await ticketSideloads(req, [ticket])) };
  });

  app.post('/tickets', async (req, reply) => {
    const input = parseRoot(TicketCreateSchema, 'ticket', req.body);
    const r = await createTicket(req.ctx, input);
    reply.status(201);
    return { ticket: await presentTicket(req, await readTicket(req.ctx, { ticketId: r.ticketId })), audit: presentAudit(r.audit) };
  });

  app.put<IdParams>('/tickets/:id', async (req) => {
    const id = idParam(req.params.id);
    // A call added to the ticket (docs/calls.md); the other fields, if any, update as usual.
    const { voice, rest } = splitVoiceComment(req.body);
    const input = parseRoot(TicketUpdateSchema, 'ticket', rest);
    if (voice) {
      const audit = await addSplitVoiceComment(req, id, voice);
      if (Object.keys(input).length === 0) return { ticket: await presentTicket(req, await readTicket(req.ctx, { ticketId: id })), audit };
    }
    const r = await updateTicket(req.ctx, { ticketId: id, changes: input });
    return { ticket: await presentTicket(req, await readTicket(req.ctx, { ticketId: id })), audit: presentAudit(r.audit) };
  });

  // PUT /tickets/update_many and POST /tickets/create_many: tickets-bulk.ts.

  app.delete<IdsQuery>('/tickets/destroy_many', async (req) => {
    const ids = idsParam(req.query.ids);
    authorize(canDeleteTickets(req.ctx.actor!));
    return bulkJobAnswer(req, 'bulk_delete_tickets', ids);
  });

  app.delete<IdParams>('/tickets/:id', async (req, reply) => {
    await deleteTicket(req.ctx, { ticketId: idParam(req.params.id) });
    reply.status(204).send();
  });

  app.put<IdsQuery>('/tickets/mark_many_as_spam', async (req) => {
    const ids = idsParam(req.query.ids);
    authorize(canWorkTickets(req.ctx.actor!));
    return bulkJobAnswer(req, 'bulk_mark_spam', ids);
  });

  app.put<IdParams>('/tickets/:id/mark_as_spam', async (req) => {
    await markSpam(req.ctx, { ticketId: idParam(req.params.id) });
    return {};
  });

  app.put<IdParams>('/tickets/:id/close', async (req) => {
    const id = idParam(req.params.id);
    await closeTicket(req.ctx, { ticketId: id });
    return { ticket: await presentTicket(req, await readTicket(req.ctx, { ticketId: id })) };
  });

  app.get<IdParams>('/tickets/:id/comments', async (req) => {
    const comments = await listTicketComments(req.ctx, { ticketId: idParam(req.params.id) });
    return paginate(req, 'comments', comments, (rows) => presentComments(req, rows));
  });

  app.get<IdParams>('/users/:id/tickets/requested', async (req) => {
    const tickets = await listRequestedTickets(req.ctx, { userId: idParam(req.params.id) });
    const page = await paginate(req, 'tickets', tickets, (rows) => presentTickets(req, rows));
    return { ...page, ...(await ticketSideloads(req, page.tickets as Ticket[])) };
  });
}

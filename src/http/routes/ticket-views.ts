import type { FastifyInstance } from 'fastify';
import { authorize, canDeleteTickets, canWorkTickets } from '../../domain/policy.ts';
import { notSpam } from '../../domain/tickets/not-spam.ts';
import { restoreTicket } from '../../domain/tickets/restore-ticket.ts';
import { restoreTickets } from '../../domain/tickets/restore-tickets.ts';
import { idParam, idsParam } from '../body.ts';
import { presentDeletedTickets, presentSpamTickets } from '../presenters/tickets.ts';
import { bulkJobAnswer, ticketList } from './tickets.ts';

type IdParams = { Params: { id: string } };
type IdsQuery = { Querystring: { ids?: string } };

// The Spam and Deleted tickets views. Erasing from them (DELETE …) lives in routes/erasure.ts.

/** Spam view (Oubli extension) and Deleted tickets (Zendesk): list, not spam, restore. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/spam_tickets', async (req) => {
    authorize(canWorkTickets(req.ctx.actor!));
    return ticketList(req, { state: 'spam' }, 'tickets', presentSpamTickets);
  });

  app.put<IdsQuery>('/spam_tickets/not_spam_many', async (req) => {
    const ids = idsParam(req.query.ids);
    authorize(canWorkTickets(req.ctx.actor!));
    return bulkJobAnswer(req, 'bulk_not_spam', ids);
  });

  app.put<IdParams>('/spam_tickets/:id/not_spam', async (req) => {
    await notSpam(req.ctx, { ticketId: idParam(req.params.id) });
    return {};
  });

  app.get('/deleted_tickets', async (req) => {
    authorize(canDeleteTickets(req.ctx.actor!));
    return ticketList(req, { state: 'deleted' }, 'deleted_tickets', presentDeletedTickets);
  });

  app.put<IdsQuery>('/deleted_tickets/restore_many', async (req) => {
    await restoreTickets(req.ctx, { ticketIds: idsParam(req.query.ids) });
    return {};
  });

  app.put<IdParams>('/deleted_tickets/:id/restore', async (req) => {
    await restoreTicket(req.ctx, { ticketId: idParam(req.params.id) });
    return {};
  });
}

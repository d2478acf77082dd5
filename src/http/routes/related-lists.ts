import type { FastifyInstance } from 'fastify';
import { listOrganizationUsers } from '../../domain/organizations/list-organization-users.ts';
import { listTicketCollaborators } from '../../domain/tickets/list-ticket-collaborators.ts';
import { listUserTickets } from '../../domain/tickets/list-user-tickets.ts';
import { idParam } from '../body.ts';
import { paginate } from '../pagination.ts';
import { ticketSideloads } from '../presenters/sideloads.ts';
import { presentTickets } from '../presenters/tickets.ts';
import type { Ticket } from '../../shared/tickets.ts';
import { presentUsers } from '../presenters/users.ts';

type IdParams = { Params: { id: string } };

/** The lists Zendesk keeps under a record: a ticket's CCs, an organization's users, a user's tickets. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<IdParams>('/tickets/:id/collaborators', async (req) => {
    const rows = await listTicketCollaborators(req.ctx, { ticketId: idParam(req.params.id) });
    return { users: await presentUsers(req, rows) };
  });

  app.get<IdParams>('/organizations/:id/users', async (req) => {
    const users = await listOrganizationUsers(req.ctx, { organizationId: idParam(req.params.id) });
    return paginate(req, 'users', users, (rows) => presentUsers(req, rows));
  });

  // /users/{id}/tickets/requested stays in tickets.ts.
  for (const relation of ['ccd', 'assigned'] as const) {
    app.get<IdParams>(`/users/:id/tickets/${relation}`, async (req) => {
      const tickets = await listUserTickets(req.ctx, { userId: idParam(req.params.id), relation });
      const page = await paginate(req, 'tickets', tickets, (rows) => presentTickets(req, rows));
      return { ...page, ...(await ticketSideloads(req, page.tickets as Ticket[])) };
    });
  }
}

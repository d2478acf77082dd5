import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listUsers } from '../../domain/contacts/list-users.ts';
import { listGroups } from '../../domain/groups/list-groups.ts';
import { listOrganizationUsers } from '../../domain/organizations/list-organization-users.ts';
import { listOrganizations } from '../../domain/organizations/list-organizations.ts';
import type { PageSource } from '../../domain/page-source.ts';
import { listTicketAudits } from '../../domain/tickets/list-ticket-audits.ts';
import { listTickets } from '../../domain/tickets/list-tickets.ts';
import { listUserTickets, type ListUserTicketsInput } from '../../domain/tickets/list-user-tickets.ts';
import { idParam } from '../body.ts';
import { ts } from '../presenters/common.ts';

/**
 * Zendesk's count shape, `{count: {value, refreshed_at}}`. Zendesk counts large accounts
 * approximately and says when it last did; Oubli counts exactly at each request, so
 * `refreshed_at` is now.
 */
async function count(req: FastifyRequest, source: PageSource<unknown> | Promise<PageSource<unknown>>) {
  const value = await (await source).count();
  return { count: { value, refreshed_at: ts(req.ctx.now().toISOString()) } };
}

type IdParams = { Params: { id: string } };

/** The count endpoints: each counts exactly what its list endpoint lists. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/tickets/count', async (req) => count(req, listTickets(req.ctx, { state: 'active' })));
  app.get('/users/count', async (req) => count(req, listUsers(req.ctx, {})));
  app.get('/organizations/count', async (req) => count(req, listOrganizations(req.ctx)));
  app.get('/groups/count', async (req) => count(req, listGroups(req.ctx)));
  app.get<IdParams>('/organizations/:id/users/count', async (req) => count(req, listOrganizationUsers(req.ctx, { organizationId: idParam(req.params.id) })));
  app.get<IdParams>('/tickets/:id/audits/count', async (req) => count(req, listTicketAudits(req.ctx, { ticketId: idParam(req.params.id) })));
  for (const relation of ['requested', 'ccd', 'assigned'] as const satisfies ListUserTicketsInput['relation'][]) {
    app.get<IdParams>(`/users/:id/tickets/${relation}/count`, async (req) => count(req, listUserTickets(req.ctx, { userId: idParam(req.params.id), relation })));
  }
}

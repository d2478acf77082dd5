import type { FastifyInstance } from 'fastify';
import { listTicketAudits } from '../../domain/tickets/list-ticket-audits.ts';
import { readTicketAudit } from '../../domain/tickets/read-ticket-audit.ts';
import { idParam } from '../body.ts';
import { paginate } from '../pagination.ts';
import { presentTicketAudits } from '../presenters/ticket-audits.ts';

type Params = { Params: { id: string; audit_id: string } };

/** A ticket's history: its audits, as Zendesk lists them (docs/api.md). */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<Params>('/tickets/:id/audits', async (req) => {
    const ticketId = idParam(req.params.id);
    return paginate(req, 'audits', await listTicketAudits(req.ctx, { ticketId }), (rows) => presentTicketAudits(req, ticketId, rows));
  });

  app.get<Params>('/tickets/:id/audits/:audit_id', async (req) => {
    const ticketId = idParam(req.params.id);
    const audit = await readTicketAudit(req.ctx, { ticketId, auditId: idParam(req.params.audit_id) });
    return { audit: (await presentTicketAudits(req, ticketId, [audit]))[0] };
  });
}

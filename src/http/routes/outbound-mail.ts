import type { FastifyInstance } from 'fastify';
import { readTicketMail } from '../../domain/mail/read-ticket-mail.ts';
import { OutboundMailQuerySchema, type TicketOutboundMail } from '../../shared/mail.ts';
import { idParam } from '../body.ts';
import { parseQuery } from '../query.ts';
import { presentOutboundMail } from '../presenters/mail.ts';

type IdParams = { Params: { id: string } };

/** What became of a ticket's mail (Oubli extension, docs/email.md): sent, waiting, or not going, and whether a relay is set. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<IdParams>('/tickets/:id/outbound_mail', async (req): Promise<TicketOutboundMail> => {
    const q = parseQuery(OutboundMailQuerySchema, req.query);
    const r = await readTicketMail(req.ctx, { ticketId: idParam(req.params.id), commentId: q.comment_id, relayDefault: app.mailRelayDefault });
    return { outbound_mail: r.rows.map(presentOutboundMail), relay_configured: r.relayConfigured };
  });
}

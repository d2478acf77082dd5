import type { FastifyRequest } from 'fastify';
import { readAuditComments } from '../../domain/tickets/read-audit-comments.ts';
import type { TicketAuditRow } from '../../domain/tickets/ticket-audit.ts';
import { presentComments } from './comments.ts';
import { parseJson, ts } from './common.ts';

type StoredEvent = { type: string; id?: number; [k: string]: unknown };

/**
 * Zendesk's audit objects for GET /tickets/{id}/audits: each with its events. The stored
 * events hold field names and ids only (ticket-audit.ts); a Comment event is filled from
 * the comment as it is now (Zendesk's body, html_body, plain_body, attachments), so a
 * redacted comment shows its redacted text and an erased one stays ids only.
 */
export async function presentTicketAudits(req: FastifyRequest, ticketId: number, rows: TicketAuditRow[]) {
  const events = rows.map((a) => parseJson<StoredEvent[]>(a.events, []));
  const commentIds = events.flat().flatMap((e) => (e.type === 'Comment' && typeof e.id === 'number' ? [e.id] : []));
  const comments = await presentComments(req, await readAuditComments(req.ctx, { ticketId, commentIds }));
  const byId = new Map(comments.map((c) => [c.id, c]));
  return rows.map((a, i) => ({
    id: a.id,
    ticket_id: a.ticket_id,
    created_at: ts(a.created_at),
    author_id: a.author_id,
    metadata: { system: {}, custom: {} },
    events: events[i]!.map((e) => {
      const c = e.type === 'Comment' && typeof e.id === 'number' ? byId.get(e.id) : undefined;
      if (!c) return e;
      const { attachment_ids: _ids, ...rest } = e;
      return { ...rest, type: c.type, body: c.body, html_body: c.html_body, plain_body: c.plain_body, attachments: c.attachments, audit_id: a.id };
    }),
  }));
}

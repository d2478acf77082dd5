import type { OutboundRow } from '../../domain/mail/read-ticket-mail.ts';
import type { OutboundMail } from '../../shared/mail.ts';
import { ts } from './common.ts';

/** An outbox row as GET /tickets/{id}/outbound_mail shows it: no Message-ID, no address. */
export function presentOutboundMail(r: OutboundRow): OutboundMail {
  return {
    id: r.id,
    kind: r.kind,
    ticket_id: r.ticket_id,
    comment_id: r.comment_id,
    recipient_id: r.recipient_id,
    status: r.status,
    attempts: r.attempts,
    // A queued row's next attempt; the lease of one being sent is an implementation detail.
    next_attempt_at: r.status === 'queued' ? ts(r.next_attempt_at) : null,
    sent_at: ts(r.sent_at),
    last_error_code: r.last_error_code,
    created_at: ts(r.created_at),
    updated_at: ts(r.updated_at),
  };
}

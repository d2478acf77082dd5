import { api } from '../../lib/api.ts';
import type { TicketOutboundMail } from '../../../../src/shared/mail.ts';

// What to tell the agent after a public reply: the truth about its mail, from
// GET /tickets/{id}/outbound_mail (docs/email.md). "Reply sent" only once the relay took it.

export interface Outcome {
  text: string;
  /** Still waiting for the outbox (the words may change). */
  pending: boolean;
  tone: 'ok' | 'warn' | 'error';
}

const POLL_MS = 1000;
/** The outbox sends every few seconds; after this long a queued mail is reported as waiting. */
const GIVE_UP_MS = 20_000;

/** Words for the state of a reply's mail. */
export function describeMail(m: TicketOutboundMail, waitedLong: boolean): Outcome {
  const row = m.outbound_mail[0];
  if (!row) return { text: 'Reply added. No mail was sent: the requester does not get mail from us (suspended, or the reply is theirs).', pending: false, tone: 'warn' };
  if (row.status === 'sent') return { text: 'Reply sent.', pending: false, tone: 'ok' };
  if (row.status === 'failed') return { text: `Reply added, but its mail could not be sent (${row.last_error_code ?? 'refused'}).`, pending: false, tone: 'error' };
  if (row.status === 'skipped') return { text: `Reply added; its mail was not sent (${row.last_error_code ?? 'skipped'}).`, pending: false, tone: 'warn' };
  if (!m.relay_configured) return { text: 'Queued — no mail relay configured. The reply is on the ticket; its mail goes out once an admin sets a relay in Settings.', pending: false, tone: 'warn' };
  if (row.attempts > 0) return { text: `Queued — the mail relay did not take it yet (${row.last_error_code ?? 'retrying'}); it is retried automatically.`, pending: false, tone: 'warn' };
  if (waitedLong) return { text: 'Queued — the reply is on the ticket and its mail waits for the next send.', pending: false, tone: 'warn' };
  return { text: 'Reply added; sending the mail…', pending: true, tone: 'ok' };
}

/**
 * Follows a reply's mail until it is settled, calling `report` with each new state. Returns a
 * function that stops following (the page closed, another reply went out).
 */
export function followMail(ticketId: number, commentId: number, report: (o: Outcome) => void): () => void {
  let stopped = false;
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    try {
      const m = await api<TicketOutboundMail>('GET', `/tickets/${ticketId}/outbound_mail?comment_id=${commentId}`);
      if (stopped) return;
      const o = describeMail(m, Date.now() - started > GIVE_UP_MS);
      report(o);
      if (o.pending) timer = setTimeout(() => void tick(), POLL_MS);
    } catch {
      if (!stopped) report({ text: 'Reply added. Whether its mail went out could not be read from the server.', pending: false, tone: 'warn' });
    }
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

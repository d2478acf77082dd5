import type { Ctx } from '../../context.ts';
import { outboundOfTicket, type OutboundRow } from '../../db/queries/mail.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { readSettingsInForce } from '../settings.ts';
import { readTicket } from '../tickets/read-ticket.ts';

export type { OutboundRow };

export interface ReadTicketMailInput {
  ticketId: number;
  /** Only the mail about this comment (the reply an agent just sent). */
  commentId?: number;
  /** The relay given to `oubli serve` (--smtp-relay / OUBLI_SMTP_RELAY), used while Settings has none. */
  relayDefault: string | null;
}

export interface TicketMail {
  rows: OutboundRow[];
  /** Whether the outbox has a relay to send through now, as the sender loop decides it each pass. */
  relayConfigured: boolean;
}

/**
 * What became of the mail a ticket caused (GET /tickets/{id}/outbound_mail): staff who can
 * see the ticket learn whether a reply was handed to the relay, waits, or will not go.
 * The rows hold ids, states and codes only.
 */
export async function readTicketMail(ctx: Ctx, input: ReadTicketMailInput): Promise<TicketMail> {
  authorize(canWorkTickets(ctx.actor!));
  const t = await readTicket(ctx, { ticketId: input.ticketId });
  const [rows, settings] = await Promise.all([outboundOfTicket(ctx.db, t.id, input.commentId), readSettingsInForce(ctx)]);
  // The same precedence as the sender loop (mail/service.ts effectiveMail): Settings, then the flag.
  return { rows, relayConfigured: !!(settings.smtp_relay ?? input.relayDefault) };
}

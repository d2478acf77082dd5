import { z } from 'zod';
import { TimestampSchema } from './envelopes.ts';
import { optionalIdParam } from './query.ts';

// The outbox of one ticket as the API answers it (GET /tickets/{id}/outbound_mail, an Oubli
// extension, docs/email.md "What an agent sees of it"): ids, states and error codes only, so
// the web app can say whether a reply's mail was handed to a relay, is waiting, or cannot go.

export const OUTBOUND_STATUSES = ['queued', 'sent', 'skipped', 'failed'] as const;

export const OutboundMailSchema = z.object({
  id: z.number(),
  /** `ack` (we received your request) or `reply` (a public agent comment). */
  kind: z.enum(['ack', 'reply', 'satisfaction']),
  ticket_id: z.number(),
  comment_id: z.number().nullable(),
  recipient_id: z.number(),
  /** queued: not handed to a relay yet; sent: the relay accepted it; failed, skipped: it will not go. */
  status: z.enum(OUTBOUND_STATUSES),
  attempts: z.number(),
  next_attempt_at: TimestampSchema.nullable(),
  sent_at: TimestampSchema.nullable(),
  /** An SMTP code (`smtp_421`) or error category (`ECONNECTION`, `recipient_inactive`), never a server's text. */
  last_error_code: z.string().nullable(),
  created_at: TimestampSchema.nullable(),
  updated_at: TimestampSchema.nullable(),
});
export type OutboundMail = z.infer<typeof OutboundMailSchema>;

export const TicketOutboundMailSchema = z.object({
  outbound_mail: z.array(OutboundMailSchema),
  /** Whether this server has a relay to send through now (Settings, else --smtp-relay): without one, queued mail waits. */
  relay_configured: z.boolean(),
});
export type TicketOutboundMail = z.infer<typeof TicketOutboundMailSchema>;

/** `?comment_id=` narrows the list to the mail about one comment (the reply just sent). */
export const OutboundMailQuerySchema = z.object({ comment_id: optionalIdParam() }).loose();

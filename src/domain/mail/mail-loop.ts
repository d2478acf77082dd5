import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { countEmailCommentsSince, recentTicketOfRequester } from '../../db/queries/mail.ts';
import { readSettingsInForce } from '../settings.ts';
import type { InboundMail } from './types.ts';

// Mail loops stopped by volume (docs/email.md, "Mail loops"). Headers and auto-reply
// subjects already keep automated mail from being answered; these rules keep it, and a
// flood from one sender, from making a ticket each. They apply to live mail only: an
// import of old mail (which sends nothing) stores every message as it comes.

/** N messages in M minutes (account settings `mail_loop_max_messages`, `mail_loop_window_minutes`). */
export interface LoopWindow {
  maxMessages: number;
  /** The start of the window: now minus M minutes, ISO-8601. */
  since: string;
}

/** The window in force, read in the caller's transaction. */
export async function loopWindow(ctx: Ctx, trx: Kysely<Database>): Promise<LoopWindow> {
  const s = await readSettingsInForce({ db: trx });
  return { maxMessages: s.mail_loop_max_messages, since: new Date(ctx.now().getTime() - s.mail_loop_window_minutes * 60_000).toISOString() };
}

/** Where a message that would start a new ticket goes instead. */
export type LoopRoute =
  /** An automated message joins the sender's ticket that is already being talked about. */
  | { kind: 'join'; ticketId: number }
  /** Over the volume limit: into the sender's quarantine ticket in Spam (null: start one). */
  | { kind: 'quarantine'; ticketId: number | null };

/**
 * Decides, for a message that has no live ticket to go to, whether the loop rules take it:
 * a sender who wrote N messages in the last M minutes is quarantined (one Spam ticket per
 * window, every further message a comment on it); an automated message joins the sender's
 * live ticket updated in the window. Null: a new ticket as usual.
 */
export async function routeForLoop(trx: Kysely<Database>, window: LoopWindow, mail: InboundMail, senderId: number): Promise<LoopRoute | null> {
  if ((await countEmailCommentsSince(trx, senderId, window.since)) >= window.maxMessages) {
    return { kind: 'quarantine', ticketId: await recentTicketOfRequester(trx, senderId, window.since, 'mail_loop') };
  }
  if (mail.automated) {
    const live = await recentTicketOfRequester(trx, senderId, window.since, 'live');
    if (live !== null) return { kind: 'join', ticketId: live };
  }
  return null;
}

import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getUser } from '../../db/queries/users.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { getComment } from '../../db/queries/comments.ts';
import { ackedSince, insertOutbound, type OutboundKind } from '../../db/queries/mail.ts';
import { readSettingsInForce } from '../settings.ts';

export interface QueueTicketMailInput {
  /** `ack`: "we received your request" to the requester of a new ticket; `reply`: a public agent comment. */
  kind: OutboundKind;
  ticketId: number;
  /** The comment the mail is about (for `reply`, required; for `ack`, the first comment). */
  commentId?: number | null;
}

/** Whether a user can receive mail at all: not suspended, deleted or erased (docs/lifecycle.md). */
export function canReceiveMail(user: { suspended: number; deleted_at: string | null; erased_at: string | null }): boolean {
  return !user.suspended && !user.deleted_at && !user.erased_at;
}

/** The start of the window in which a person is acknowledged at most once (`mail_loop_window_minutes`). */
export async function ackWindowStart(ctx: Pick<Ctx, 'now'>, db: Kysely<Database>): Promise<string> {
  const minutes = (await readSettingsInForce({ db })).mail_loop_window_minutes;
  return new Date(ctx.now().getTime() - minutes * 60_000).toISOString();
}

/**
 * Queues a notification in the caller's transaction, so the mail exists exactly when the
 * change that caused it commits; the outbox sender sends it after commit. Returns the
 * outbox id, or null when nothing is to be sent (a suspended or deleted requester, a
 * private comment, an agent's own ticket, a ticket outside the active views, or an
 * acknowledgement to someone already acknowledged in the mail-loop window).
 */
export async function queueTicketMail(ctx: Ctx, trx: Kysely<Database>, input: QueueTicketMailInput): Promise<number | null> {
  const ticket = await getTicket(trx, input.ticketId);
  if (!ticket || ticket.state !== 'active' || ticket.status === 'closed') return null;
  const recipient = await getUser(trx, ticket.requester_id);
  if (!recipient || !canReceiveMail(recipient)) return null;
  // An automatic mail goes to a person at most once per window, whatever they send.
  if (input.kind === 'ack' && (await ackedSince(trx, recipient.id, await ackWindowStart(ctx, trx)))) return null;
  if (input.kind === 'reply') {
    if (!input.commentId) return null;
    const comment = await getComment(trx, input.commentId);
    if (!comment || comment.ticket_id !== ticket.id || !comment.public) return null;
    // Nobody is notified of their own words.
    if (comment.author_id === recipient.id) return null;
    const author = await getUser(trx, comment.author_id);
    if (!author || author.role === 'end-user') return null;
  }
  const now = ctx.now().toISOString();
  return insertOutbound(trx, {
    kind: input.kind,
    recipient_id: recipient.id,
    ticket_id: ticket.id,
    comment_id: input.commentId ?? null,
    status: 'queued',
    attempts: 0,
    next_attempt_at: now,
    message_id: null,
    sent_at: null,
    last_error_code: null,
    created_at: now,
    updated_at: now,
  });
}

import type { Kysely, Transaction } from 'kysely';
import { withActor, type Ctx } from '../../context.ts';
import type { Database, TicketStatus } from '../../db/schema.ts';
import { defaultOrganizationsOf, type UserRow } from '../../db/queries/users.ts';
import { getTicketForUpdate, insertTicket, updateTicketRow } from '../../db/queries/tickets.ts';
import { insertFollowup, insertMessageIdHash, insertRawMessage } from '../../db/queries/mail.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { recordEvent } from '../events.ts';
import { normalizeIdentity } from '../contacts/identity-values.ts';
import { fieldEvent, writeTicketAudit, type AuditEvent } from '../tickets/ticket-audit.ts';
import { solvedAtFor } from '../tickets/ticket-rules.ts';
import { addCommentInTransaction, type CommentWrite } from '../tickets/write-comment.ts';
import { commentText } from '../tickets/comment-body.ts';
import { ticketBySubject, verdictByIds } from './find-thread.ts';
import { hashMessageId } from './message-ids.ts';
import { queueTicketMail } from './queue-notification.ts';
import { loopWindow, routeForLoop, type LoopRoute } from './mail-loop.ts';
import { recordMailPeople, type MailPeople } from './record-mail-people.ts';
import { withoutErasedIds } from './erased-ids.ts';
import { createSender, findSender, isBlockedSender } from './resolve-sender.ts';
import type { InboundMail, ReceiveOutcome } from './types.ts';

export interface ReceiveInput {
  /** The message exactly as it arrived (stored for redaction and erasure to reach). */
  raw: Buffer;
  mail: InboundMail;
  /** Every address in the From header: a suspended contact is refused by any of them. */
  fromAddresses: string[];
  /** Queue acknowledgements and reply notifications (imports of old mail say no). */
  notify: boolean;
  /** Who the message names (To/Cc become CCs; everyone named is linked to the stored message). */
  people?: MailPeople;
  /** Our own addresses (support addresses, the envelope's recipients): never made CCs. */
  ourAddresses?: string[];
}

const EMPTY_BODY = '(This email had no text.)';

/** The comment a message becomes: its HTML when it has some (sanitized on write), else its text. */
function commentOf(mail: InboundMail): CommentWrite {
  const attachments = mail.attachments.map((a) => ({
    file_name: a.fileName,
    content_type: a.contentType,
    data: a.data,
    inline: a.inline,
    content_id: a.contentId,
  }));
  // HTML that shows no text (an image only) would hide the text part: keep the text then.
  const html = mail.html && (commentText({ html_body: mail.html }).plain_body.trim() || !mail.text.trim()) ? mail.html : undefined;
  const empty = !html && !mail.text.trim() && attachments.length === 0;
  return { body: empty ? EMPTY_BODY : mail.text, html_body: html, public: true, attachments };
}

function actorFor(user: UserRow) {
  return { id: user.id, role: user.role, isOwner: user.is_owner === 1, canDeleteTickets: user.can_delete_tickets === 1 };
}

/** Creates a ticket from a message, its sender the requester (docs/email.md); in Spam when quarantined as a mail loop. */
async function createFromMail(ctx: Ctx, trx: Kysely<Database>, mail: InboundMail, user: UserRow, sourceTicketId: number | null, quarantine = false) {
  const now = ctx.now().toISOString();
  const status: TicketStatus = 'new';
  const organizationId = (await defaultOrganizationsOf(trx, [user.id]))[0]?.organization_id ?? null;
  const ticketId = await insertTicket(trx, {
    external_id: null,
    subject: mail.subject,
    status,
    priority: null,
    type: null,
    requester_id: user.id,
    submitter_id: user.id,
    assignee_id: null,
    organization_id: organizationId,
    group_id: null,
    brand_id: null,
    channel: 'email',
    custom_fields: null,
    due_at: null,
    state: quarantine ? 'spam' : 'active',
    spam_cause: quarantine ? 'mail_loop' : null,
    state_changed_at: quarantine ? now : null,
    state_actor_id: null,
    solved_at: solvedAtFor(null, status, null, now),
    erased_at: null,
    created_at: now,
    updated_at: now,
  });
  const events: AuditEvent[] = [];
  if (mail.subject) events.push(fieldEvent('Create', 'subject', mail.subject));
  events.push(fieldEvent('Create', 'status', status), fieldEvent('Create', 'requester_id', user.id), fieldEvent('Create', 'submitter_id', user.id));
  if (organizationId) events.push(fieldEvent('Create', 'organization_id', organizationId));
  if (sourceTicketId !== null) {
    await insertFollowup(trx, ticketId, sourceTicketId, now);
    events.push(fieldEvent('Create', 'via_followup_source_id'));
  }
  const comment = await addCommentInTransaction(ctx, trx, { ticketId, authorId: user.id, channel: 'email', comment: commentOf(mail) });
  events.push(comment);
  await writeTicketAudit(ctx, trx, ticketId, events);
  await recordEvent(ctx, trx, {
    action: 'ticket.created',
    subjectType: 'ticket',
    subjectId: ticketId,
    details: {
      channel: 'email',
      status,
      requester_id: user.id,
      followup_source_id: sourceTicketId,
      attachments: comment.type === 'Comment' ? comment.attachment_ids.length : 0,
      ...(quarantine ? { spam_cause: 'mail_loop' } : {}),
    },
  });
  return { ticketId, commentId: comment.type === 'Comment' ? comment.id : 0 };
}

/** Adds a message to a live ticket; an end user's reply reopens a solved, pending or on-hold ticket. */
async function commentFromMail(ctx: Ctx, trx: Kysely<Database>, mail: InboundMail, user: UserRow, ticket: { id: number; status: TicketStatus; solved_at: string | null }) {
  const now = ctx.now().toISOString();
  const events: AuditEvent[] = [];
  const comment = await addCommentInTransaction(ctx, trx, { ticketId: ticket.id, authorId: user.id, channel: 'email', comment: commentOf(mail) });
  events.push(comment);
  const reopen = user.role === 'end-user' && (ticket.status === 'solved' || ticket.status === 'pending' || ticket.status === 'hold');
  const status: TicketStatus = reopen ? 'open' : ticket.status;
  await updateTicketRow(trx, ticket.id, {
    updated_at: now,
    ...(reopen ? { status, solved_at: solvedAtFor(ticket.status, status, ticket.solved_at, now) } : {}),
  });
  if (reopen) events.push(fieldEvent('Change', 'status', status, ticket.status));
  await writeTicketAudit(ctx, trx, ticket.id, events);
  await recordEvent(ctx, trx, {
    action: 'ticket.updated',
    subjectType: 'ticket',
    subjectId: ticket.id,
    details: { channel: 'email', comment: true, fields: reopen ? ['status'] : [] },
  });
  return { commentId: comment.type === 'Comment' ? comment.id : 0, reopened: ticket.status === 'solved' && reopen };
}

async function receiveInTransaction(ctx: Ctx, trx: Transaction<Database>, input: ReceiveInput): Promise<ReceiveOutcome> {
  const { mail } = input;
  if (await isBlockedSender(trx, [...input.fromAddresses, mail.envelopeFrom])) return { kind: 'refused_suspended' };
  let sender = mail.from;
  if (!sender && mail.envelopeFrom) {
    try {
      sender = { address: normalizeIdentity('email', mail.envelopeFrom).key, name: null };
    } catch {
      sender = null;
    }
  }
  if (!sender) return { kind: 'refused_no_sender' };

  const verdict = await verdictByIds(trx, mail.messageId, mail.threadIds);
  if (verdict.kind === 'seen') {
    if (verdict.direction === 'out') return { kind: 'dropped_own' };
    return verdict.erased ? { kind: 'dropped_erased', ticketId: verdict.ticketId } : { kind: 'duplicate', ticketId: verdict.ticketId };
  }
  if (verdict.kind === 'reply' && verdict.erased) return { kind: 'refused_erased_thread' };

  const existing = await findSender(trx, sender.address);
  let targetId: number | null = verdict.kind === 'reply' ? verdict.ticketId : null;
  if (targetId === null) targetId = await ticketBySubject(trx, mail.subject, existing?.id ?? null);
  const user = existing ?? (await createSender(ctx, trx, sender));
  const as = withActor(ctx, actorFor(user));
  let target = targetId !== null ? await getTicketForUpdate(trx, targetId, ctx.caps.rowLocks) : undefined;
  // Live mail that would start a ticket may be a loop: joined, or quarantined (mail-loop.ts).
  let route: LoopRoute | null = null;
  if (input.notify && !(target && target.state === 'active' && target.status !== 'closed')) {
    route = await routeForLoop(trx, await loopWindow(ctx, trx), mail, user.id);
    if (route && route.ticketId !== null) target = await getTicketForUpdate(trx, route.ticketId, ctx.caps.rowLocks);
  }

  let outcome: Extract<ReceiveOutcome, { commentId: number }>;
  if (route?.kind === 'quarantine') {
    // One quarantine ticket per sender and window, in Spam: every further message is a comment on it.
    const r = route.ticketId !== null && target ? { ticketId: target.id, ...(await commentFromMail(as, trx, mail, user, target)) } : await createFromMail(as, trx, mail, user, null, true);
    outcome = { kind: 'quarantined', ticketId: r.ticketId, commentId: r.commentId, userId: user.id };
  } else if (target && target.state === 'active' && target.status !== 'closed') {
    const r = await commentFromMail(as, trx, mail, user, target);
    outcome = { kind: 'comment', ticketId: target.id, commentId: r.commentId, userId: user.id, reopened: r.reopened };
  } else if (target && target.state === 'active') {
    // A closed ticket cannot change (docs/lifecycle.md): the reply starts a follow-up that links back.
    const r = await createFromMail(as, trx, mail, user, target.id);
    outcome = { kind: 'followup', ticketId: r.ticketId, commentId: r.commentId, userId: user.id, sourceTicketId: target.id };
  } else {
    // No thread, or one in Spam or Deleted: new mail never re-attaches there.
    const r = await createFromMail(as, trx, mail, user, null);
    outcome = { kind: 'created', ticketId: r.ticketId, commentId: r.commentId, userId: user.id };
  }

  const now = ctx.now().toISOString();
  await insertMessageIdHash(trx, { ticket_id: outcome.ticketId, message_id_hash: hashMessageId(mail.messageId), direction: 'in', created_at: now });
  const raw = await withoutErasedIds(trx, input.raw, [mail.messageId, ...mail.threadIds]);
  const rawMessageId = await insertRawMessage(trx, { ticket_id: outcome.ticketId, comment_id: outcome.commentId, size: raw.length, data: raw, created_at: now });
  if (input.people) {
    // A quarantined loop is treated as automated: its recipients are not made CCs or contacts.
    const automated = mail.automated || outcome.kind === 'quarantined';
    await recordMailPeople(as, trx, { ticketId: outcome.ticketId, rawMessageId, senderId: user.id, people: input.people, ours: input.ourAddresses ?? [], automated });
  }
  if (input.notify && !mail.automated && outcome.kind !== 'quarantined') {
    if (outcome.kind !== 'comment') await queueTicketMail(ctx, trx, { kind: 'ack', ticketId: outcome.ticketId, commentId: outcome.commentId });
    else if (user.role !== 'end-user') await queueTicketMail(ctx, trx, { kind: 'reply', ticketId: outcome.ticketId, commentId: outcome.commentId });
  }
  return outcome;
}

/**
 * Turns one received email into a ticket or a comment, in one transaction: the contact,
 * the ticket, the comment and its files, the Message-ID hash, the raw message and the
 * acknowledgement in the outbox commit together or not at all. A database error is thrown
 * (SMTP answers 4xx and the sender retries); a race with a second delivery of the same
 * message or sender is retried, and then finds the first one's work.
 */
export async function receiveMessage(ctx: Ctx, input: ReceiveInput): Promise<ReceiveOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.db.transaction().execute((trx) => receiveInTransaction(ctx, trx, input));
    } catch (err) {
      if (attempt < 2 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

import type { Ctx } from '../../context.ts';
import { getUser } from '../../db/queries/users.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { getComment } from '../../db/queries/comments.ts';
import {
  claimOutbound,
  dueOutbound,
  insertMessageIdHash,
  ackedSince,
  latestRawHead,
  outboundMessageIdsOfTicket,
  primaryEmailOf,
  updateOutbound,
  type OutboundRow,
} from '../../db/queries/mail.ts';
import { foldLines } from '../../shared/text.ts';
import { hashMessageId, messageIdFromHead, newMessageId } from './message-ids.ts';
import { ackWindowStart, canReceiveMail } from './queue-notification.ts';
import { surveyMailOf } from '../satisfaction/survey-mail.ts';

/** How long one attempt may hold a mail before another sender may take it over. */
const LEASE_MS = 5 * 60_000;
/** Mail older than this is not sent at all: a three-day-old "we got your request" helps nobody. */
export const OUTBOX_MAX_AGE_MS = 72 * 3600_000;

/** Where our mail comes from: the support address, and the domain of our Message-IDs. */
export interface MailIdentity {
  from: string;
  domain: string;
}

/** A mail ready for the relay. */
export interface ComposedMail {
  id: number;
  to: { name: string; address: string };
  from: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  /** Headers that stop auto-responders answering an automatic mail (RFC 3834). */
  automatic: boolean;
}

export type Prepared = { send: ComposedMail } | { skip: 'recipient_inactive' | 'ticket_inactive' | 'no_address' | 'expired' | 'gone' | 'ack_throttled' };

export interface ClaimDueOutboundInput {
  limit: number;
}

/** Claims up to `limit` due mails for this sender (rows another sender holds are passed over). */
export async function claimDueOutbound(ctx: Ctx, { limit }: ClaimDueOutboundInput): Promise<OutboundRow[]> {
  const now = ctx.now();
  const rows = await dueOutbound(ctx.db, now.toISOString(), limit);
  const until = new Date(now.getTime() + LEASE_MS).toISOString();
  const mine: OutboundRow[] = [];
  for (const r of rows) {
    if (await claimOutbound(ctx.db, r.id, r.next_attempt_at, until, now.toISOString())) mine.push(r);
  }
  return mine;
}

// Names and subjects go into header lines: folded to one line here, whatever path they
// came in by (the API folds them too, mail and old rows may not), so a CR/LF in them can
// never start a header of its own.
function replySubject(ticketId: number, subject: string | null): string {
  const base = foldLines(subject ?? '').trim() || 'Your request';
  return `[#${ticketId}] ${/^re:/i.test(base) ? base : `Re: ${base}`}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface PrepareOutboundInput {
  /** A mail this server has claimed (claimDueOutbound). */
  message: OutboundRow;
  identity: MailIdentity;
}

/**
 * Re-checks a claimed mail against the data as it is now (the recipient may have been
 * suspended, deleted or erased since it was queued) and renders it. The Message-ID is
 * fixed and its hash stored before the first attempt, so a reply always threads.
 */
export async function prepareOutbound(ctx: Ctx, { message: row, identity }: PrepareOutboundInput): Promise<Prepared> {
  if (ctx.now().getTime() - Date.parse(row.created_at) > OUTBOX_MAX_AGE_MS) return { skip: 'expired' };
  const [ticket, recipient] = await Promise.all([getTicket(ctx.db, row.ticket_id), getUser(ctx.db, row.recipient_id)]);
  if (!ticket || !recipient) return { skip: 'gone' };
  if (!canReceiveMail(recipient)) return { skip: 'recipient_inactive' };
  if (ticket.state !== 'active') return { skip: 'ticket_inactive' };
  const address = await primaryEmailOf(ctx.db, recipient.id);
  if (!address) return { skip: 'no_address' };
  const comment = row.comment_id ? await getComment(ctx.db, row.comment_id) : undefined;
  if (row.kind === 'reply' && !comment) return { skip: 'gone' };
  // The survey's link is made now, for this attempt (its secret exists only in the mail).
  const survey = row.kind === 'satisfaction' ? await surveyMailOf(ctx, { ticket, recipientName: recipient.name }) : null;
  if (row.kind === 'satisfaction' && !survey) return { skip: 'gone' };
  // Two acknowledgements queued at once (two servers, two messages in flight) still reach
  // the person once per window: the second sees the first one sent.
  if (row.kind === 'ack' && (await ackedSince(ctx.db, recipient.id, await ackWindowStart(ctx, ctx.db), { sentOnly: true, exceptId: row.id }))) {
    return { skip: 'ack_throttled' };
  }

  let messageId = row.message_id;
  if (!messageId) {
    messageId = newMessageId(ticket.id, identity.domain);
    const id = messageId;
    await ctx.db.transaction().execute(async (trx) => {
      await updateOutbound(trx, row.id, { message_id: id, updated_at: ctx.now().toISOString() });
      await insertMessageIdHash(trx, { ticket_id: ticket.id, message_id_hash: hashMessageId(id), direction: 'out', created_at: ctx.now().toISOString() });
    });
  }
  const head = await latestRawHead(ctx.db, ticket.id);
  const inReplyTo = head ? messageIdFromHead(head) : null;
  const earlier = await outboundMessageIdsOfTicket(ctx.db, ticket.id, row.id);
  const references = [...earlier, ...(inReplyTo ? [inReplyTo] : [])];
  const footer = `Reply to this email to add a comment to request #${ticket.id}.`;
  let text: string;
  let html: string | null = null;
  if (survey) {
    text = survey.text;
    html = survey.html;
  } else if (row.kind === 'ack') {
    text =
      `Your request #${ticket.id} has been received and will be reviewed by our support team.\n\n` +
      `To add information, reply to this email and keep "[#${ticket.id}]" in the subject.`;
  } else {
    text = `${comment!.body}\n\n--\n${footer}`;
    if (comment!.html_body) html = `${comment!.html_body}<hr><p>${escapeHtml(footer)}</p>`;
  }
  return {
    send: {
      id: row.id,
      to: { name: foldLines(recipient.name).trim(), address },
      from: identity.from,
      subject: survey ? survey.subject : replySubject(ticket.id, ticket.subject),
      text,
      html,
      messageId,
      inReplyTo,
      references,
      automatic: row.kind === 'ack' || row.kind === 'satisfaction',
    },
  };
}

import type { Ctx } from '../context.ts';
import { emailKey } from '../domain/contacts/identity-values.ts';
import { receiveMessage } from '../domain/mail/receive-message.ts';
import { isBlockedSender } from '../domain/mail/resolve-sender.ts';
import type { ReceiveOutcome } from '../domain/mail/types.ts';
import type { MailLimits } from './limits.ts';
import { parseInbound } from './parse.ts';

// The one path every message takes, from SMTP or from an import: parse, drop our own
// mail, hand the rest to the domain. Both answer from the same outcomes.

export interface DeliverOptions {
  /** Our addresses: mail from them is our own, come back (a loop). */
  supportAddresses: string[];
  /** Queue acknowledgements and notifications (an import of old mail does not). */
  notify: boolean;
  /** What a message may be made of (default MAIL_LIMITS). */
  limits?: MailLimits;
  /** The envelope's recipients (RCPT TO): ours too, whatever the support addresses say. */
  envelopeTo?: string[];
}

export interface Delivered {
  outcome: ReceiveOutcome;
  /** Why the message counts as automated, if it does (a category: safe to log). */
  automation: string | null;
}

/** Delivers one raw message. Throws only on a database error (the caller answers 4xx). */
export async function deliverRaw(ctx: Ctx, raw: Buffer, envelopeFrom: string | null, opts: DeliverOptions): Promise<Delivered> {
  const parsed = await parseInbound(raw, envelopeFrom, opts.limits);
  if ('unreadable' in parsed) {
    // Refused either way; the suspended check still runs first, so a blocked sender is told
    // so whatever their mail looks like, and nothing of it is stored.
    if (await isBlockedSender(ctx.db, [...parsed.fromAddresses, parsed.envelopeFrom])) return { outcome: { kind: 'refused_suspended' }, automation: null };
    return { outcome: { kind: 'refused_unreadable', ...parsed.unreadable }, automation: null };
  }
  const ours = new Set(opts.supportAddresses.flatMap((a) => emailKey(a) ?? []));
  if (ours.size && [...parsed.fromAddresses, parsed.mail.envelopeFrom ?? ''].some((a) => ours.has(a))) {
    return { outcome: { kind: 'dropped_own' }, automation: parsed.automation };
  }
  const ourAddresses = [...ours, ...(opts.envelopeTo ?? []).flatMap((a) => emailKey(a) ?? [])];
  const outcome = await receiveMessage(ctx, { raw, mail: parsed.mail, fromAddresses: parsed.fromAddresses, notify: opts.notify, people: parsed.people, ourAddresses });
  return { outcome, automation: parsed.automation };
}

function unreadableReply(limit: Extract<ReceiveOutcome, { kind: 'refused_unreadable' }>): [number, string] {
  switch (limit.limit) {
    case 'parts':
      return [554, `5.6.0 Message has too many MIME parts: at most ${limit.max} are accepted`];
    case 'depth':
      return [554, `5.6.0 Message parts are nested too deep: at most ${limit.max} levels are accepted`];
    case 'header_bytes':
      return [552, `5.3.4 Message header too large: at most ${limit.max} bytes per part are accepted`];
    case 'header_fields':
      return [552, `5.3.4 Message header has too many fields: at most ${limit.max} per part are accepted`];
    case 'unreadable':
      return [554, '5.6.0 Message could not be read: its MIME structure is broken'];
  }
}

/** The SMTP reply for an outcome: [code, text]. Texts never quote the message or the sender. */
export function smtpReply(outcome: ReceiveOutcome): [number, string] {
  switch (outcome.kind) {
    case 'refused_suspended':
      return [550, '5.7.1 Mail from this sender is not accepted'];
    case 'refused_no_sender':
      return [550, '5.1.7 The message has no valid sender address'];
    case 'refused_erased_thread':
      return [550, '5.7.1 The conversation this message replies to no longer exists; please send a new message'];
    case 'refused_unreadable':
      return unreadableReply(outcome);
    default:
      return [250, '2.0.0 OK: message accepted'];
  }
}

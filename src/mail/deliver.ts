import type { Ctx } from '../context.ts';
import { receiveMessage } from '../domain/mail/receive-message.ts';
import type { ReceiveOutcome } from '../domain/mail/types.ts';
import { parseInbound } from './parse.ts';

// The one path every message takes, from SMTP or from an import: parse, drop our own
// mail, hand the rest to the domain. Both answer from the same outcomes.

export interface DeliverOptions {
  /** Our addresses, lower-cased: mail from them is our own, come back (a loop). */
  supportAddresses: string[];
  /** Queue acknowledgements and notifications (an import of old mail does not). */
  notify: boolean;
}

export interface Delivered {
  outcome: ReceiveOutcome;
  /** Why the message counts as automated, if it does (a category: safe to log). */
  automation: string | null;
}

/** Delivers one raw message. Throws only on a database error (the caller answers 4xx). */
export async function deliverRaw(ctx: Ctx, raw: Buffer, envelopeFrom: string | null, opts: DeliverOptions): Promise<Delivered> {
  const parsed = await parseInbound(raw, envelopeFrom);
  const ours = new Set(opts.supportAddresses);
  if (ours.size && [...parsed.fromAddresses, parsed.mail.envelopeFrom ?? ''].some((a) => ours.has(a))) {
    return { outcome: { kind: 'dropped_own' }, automation: parsed.automation };
  }
  const outcome = await receiveMessage(ctx, { raw, mail: parsed.mail, fromAddresses: parsed.fromAddresses, notify: opts.notify });
  return { outcome, automation: parsed.automation };
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
    default:
      return [250, '2.0.0 OK: message accepted'];
  }
}

import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { emailKey, normalizeIdentity } from '../domain/contacts/identity-values.ts';
import { messageIdsIn, normalizeMessageId } from '../domain/mail/message-ids.ts';
import type { InboundAttachment, InboundMail } from '../domain/mail/types.ts';
import { headerEnd, MAIL_LIMITS, senderCandidates, structureBreach, type Breach, type MailLimits } from './limits.ts';
import type { MailPeople } from '../domain/mail/record-mail-people.ts';
import { automationReason } from './loop.ts';

const MAX_NAME = 255;

/**
 * Text that both databases store alike: PostgreSQL refuses NUL in text, and a lone UTF-16
 * surrogate (from a UTF-16 part or encoded word) is written differently by each driver.
 * NUL goes; a lone surrogate becomes U+FFFD, as invalid UTF-8 already does when decoded.
 */
export function cleanText(s: string): string {
  return s.replace(/\u0000/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** One line of text (a name, a subject): control characters become spaces. */
function cleanLine(s: string): string {
  return cleanText(s).replace(/[\u0001-\u001f\u007f]+/g, ' ').trim();
}

/**
 * Raw 8-bit headers that are not UTF-8 were almost always written in Latin-1/Windows-1252:
 * re-encode only the header block, so names and subjects keep their letters.
 */
export function repairEightBitHeaders(raw: Buffer): Buffer {
  const end = headerEnd(raw);
  const head = raw.subarray(0, end);
  if (!head.some((b) => b >= 0x80)) return raw;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head);
    return raw;
  } catch {
    const fixed = Buffer.from(new TextDecoder('windows-1252').decode(head), 'utf8');
    return Buffer.concat([fixed, raw.subarray(end)]);
  }
}

/** The first address of a From-like header that is a real email address. */
function firstAddress(obj: AddressObject | AddressObject[] | undefined): { address: string; name: string | null } | null {
  const list = (Array.isArray(obj) ? obj : obj ? [obj] : []).flatMap((o) => o.value);
  const flat = list.flatMap((a) => (a.group ? a.group : [a]));
  for (const a of flat) {
    if (!a.address) continue;
    try {
      const { key } = normalizeIdentity('email', a.address);
      const name = cleanLine(a.name ?? '').slice(0, MAX_NAME);
      return { address: key, name: name || null };
    } catch {
      continue;
    }
  }
  return null;
}

/** Every address in a header list as its comparison key (emailKey), for the blocked-sender check. */
export function allAddresses(obj: AddressObject | AddressObject[] | undefined): string[] {
  const list = (Array.isArray(obj) ? obj : obj ? [obj] : []).flatMap((o) => o.value);
  return list
    .flatMap((a) => (a.group ? a.group : [a]))
    .flatMap((a) => {
      const key = emailKey(a.address);
      return key ? [key] : [];
    });
}

function safeFileName(name: string | undefined, fallback: string): string {
  const cleaned = cleanText(name ?? '').replace(/[\u0001-\u001f\u007f/\\]/g, '_').trim();
  return (cleaned || fallback).slice(0, MAX_NAME);
}

function toAttachments(parsed: ParsedMail): InboundAttachment[] {
  return parsed.attachments.map((a, i) => {
    const contentId = a.cid ? cleanLine(a.cid).replace(/^<|>$/g, '') : null;
    const inline = a.contentDisposition === 'inline' || (!!contentId && a.related === true);
    const ext = (a.contentType ?? '').split('/')[1]?.replace(/[^a-z0-9]/gi, '') || 'bin';
    return {
      fileName: safeFileName(a.filename, inline ? `inline-${i + 1}.${ext}` : `attachment-${i + 1}.${ext}`),
      contentType: (cleanLine(a.contentType ?? '') || 'application/octet-stream').slice(0, 255),
      data: a.content ?? Buffer.alloc(0),
      inline,
      contentId: contentId ? contentId.slice(0, 255) : null,
    };
  });
}

/** A mailbox of To or Cc: a CC of the ticket, unless it is one of ours. */
function mailboxes(obj: AddressObject | AddressObject[] | undefined): { address: string; name: string | null }[] {
  const list = (Array.isArray(obj) ? obj : obj ? [obj] : []).flatMap((o) => o.value).flatMap((a) => (a.group ? a.group : [a]));
  return list.flatMap((a) => {
    if (!a.address) return [];
    try {
      const { key } = normalizeIdentity('email', a.address);
      const name = (a.name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_NAME);
      return [{ address: key, name: name || null }];
    } catch {
      return [];
    }
  });
}

/** Who a message names: its To and Cc mailboxes, and every address in From, To, Cc, Reply-To and Sender. */
export function mailPeople(parsed: ParsedMail | null): MailPeople {
  if (!parsed) return { to: [], cc: [], named: [] };
  const sender = parsed.headers.get('sender') as AddressObject | undefined;
  const to = mailboxes(parsed.to);
  const cc = mailboxes(parsed.cc);
  const named = [...to, ...cc, ...mailboxes(parsed.from), ...mailboxes(parsed.replyTo), ...mailboxes(sender)].map((m) => m.address);
  return { to, cc, named: [...new Set(named)] };
}

export interface ParsedInbound {
  mail: InboundMail;
  /** Who the message names, for its CCs and for erasure (src/domain/mail/record-mail-people.ts). */
  people: MailPeople;
  /** Every address in From as its key (a suspended contact may hide behind a second one). */
  fromAddresses: string[];
  /** Why the message is automated, if it is (for logs: a category, no personal data). */
  automation: string | null;
}

/** A message that will not be read: the limit it broke, and who it seems to be from. */
export interface UnreadableInbound {
  unreadable: Breach;
  /** Address-like text of its From and Sender fields, for the suspended-sender check only. */
  fromAddresses: string[];
  envelopeFrom: string | null;
}

/** The envelope sender as compared: '' stays the null return path, null unknown (import). */
function envelopeKey(envelopeFrom: string | null): string | null {
  if (envelopeFrom === null) return null;
  const trimmed = envelopeFrom.trim();
  return trimmed === '' ? '' : (emailKey(trimmed) ?? trimmed.toLowerCase());
}

/**
 * Parses a raw message. A message over the limits, or one mailparser gives up on, is not
 * read at all (it is refused; nothing of it is stored). Never throws.
 */
export async function parseInbound(raw: Buffer, envelopeFrom: string | null, limits: MailLimits = MAIL_LIMITS): Promise<ParsedInbound | UnreadableInbound> {
  const envelope = envelopeKey(envelopeFrom);
  const refuse = (unreadable: Breach): UnreadableInbound => ({ unreadable, fromAddresses: senderCandidates(raw), envelopeFrom: envelope });
  const breach = await structureBreach(raw, limits);
  if (breach) return refuse(breach);
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(repairEightBitHeaders(raw), {
      keepCidLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      maxHeadSize: limits.maxHeaderBytes,
      maxChildNodes: limits.maxParts + 1,
    });
  } catch {
    return refuse({ limit: 'unreadable', max: 0 });
  }
  const from = firstAddress(parsed.from);
  const messageId =
    (parsed.messageId && normalizeMessageId(cleanText(parsed.messageId))) || `${createHash('sha256').update(raw).digest('hex')}@no-message-id.oubli`;
  const threadIds = [...new Set([...messageIdsIn(parsed.inReplyTo), ...messageIdsIn(parsed.references).reverse()])].filter((id) => id !== messageId);
  const subject = cleanLine(parsed.subject ?? '').slice(0, 255);
  const automation = automationReason(parsed.headers, envelope, from?.address ?? null, subject);
  return {
    mail: {
      messageId,
      threadIds,
      subject: subject || null,
      from,
      envelopeFrom: envelope,
      text: cleanText(parsed.text ?? ''),
      html: typeof parsed.html === 'string' ? cleanText(parsed.html) : null,
      attachments: toAttachments(parsed),
      automated: automation !== null,
    },
    fromAddresses: allAddresses(parsed.from),
    people: mailPeople(parsed),
    automation,
  };
}

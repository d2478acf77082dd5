import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { normalizeIdentity } from '../domain/contacts/identity-values.ts';
import { messageIdsIn, normalizeMessageId } from '../domain/mail/message-ids.ts';
import type { InboundAttachment, InboundMail } from '../domain/mail/types.ts';
import { automationReason } from './loop.ts';

const MAX_NAME = 255;

/** Where the header block ends (index of the blank line), or the whole buffer. */
function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf === -1) return lf === -1 ? raw.length : lf;
  return lf === -1 ? crlf : Math.min(crlf, lf);
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
      const name = (a.name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_NAME);
      return { address: key, name: name || null };
    } catch {
      continue;
    }
  }
  return null;
}

/** Every address in a header list, normalized, for the blocked-sender check. */
export function allAddresses(obj: AddressObject | AddressObject[] | undefined): string[] {
  const list = (Array.isArray(obj) ? obj : obj ? [obj] : []).flatMap((o) => o.value);
  return list.flatMap((a) => (a.group ? a.group : [a])).flatMap((a) => (a.address ? [a.address.trim().toLowerCase()] : []));
}

function safeFileName(name: string | undefined, fallback: string): string {
  const cleaned = (name ?? '').replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim();
  return (cleaned || fallback).slice(0, MAX_NAME);
}

function toAttachments(parsed: ParsedMail): InboundAttachment[] {
  return parsed.attachments.map((a, i) => {
    const contentId = a.cid ? a.cid.replace(/^<|>$/g, '') : null;
    const inline = a.contentDisposition === 'inline' || (!!contentId && a.related === true);
    const ext = (a.contentType ?? '').split('/')[1]?.replace(/[^a-z0-9]/gi, '') || 'bin';
    return {
      fileName: safeFileName(a.filename, inline ? `inline-${i + 1}.${ext}` : `attachment-${i + 1}.${ext}`),
      contentType: (a.contentType || 'application/octet-stream').slice(0, 255),
      data: a.content ?? Buffer.alloc(0),
      inline,
      contentId: contentId ? contentId.slice(0, 255) : null,
    };
  });
}

export interface ParsedInbound {
  mail: InboundMail;
  /** Every address in From, lower-cased (a suspended contact may hide behind a second one). */
  fromAddresses: string[];
  /** Why the message is automated, if it is (for logs: a category, no personal data). */
  automation: string | null;
}

/** Parses a raw message. Never throws: what cannot be parsed becomes an empty body. */
export async function parseInbound(raw: Buffer, envelopeFrom: string | null): Promise<ParsedInbound> {
  let parsed: ParsedMail | null = null;
  try {
    parsed = await simpleParser(repairEightBitHeaders(raw), {
      keepCidLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
    });
  } catch {
    parsed = null;
  }
  const from = firstAddress(parsed?.from);
  const envelope = envelopeFrom === null ? null : envelopeFrom.trim().toLowerCase();
  const messageId =
    (parsed?.messageId && normalizeMessageId(parsed.messageId)) ||
    `${createHash('sha256').update(raw).digest('hex')}@no-message-id.oubli`;
  const threadIds = [...new Set([...messageIdsIn(parsed?.inReplyTo), ...messageIdsIn(parsed?.references).reverse()])].filter(
    (id) => id !== messageId,
  );
  const automation = parsed ? automationReason(parsed.headers, envelope, from?.address ?? null) : envelope === '' ? 'null_return_path' : null;
  const subject = (parsed?.subject ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 255);
  return {
    mail: {
      messageId,
      threadIds,
      subject: subject || null,
      from,
      envelopeFrom: envelope,
      text: (parsed?.text ?? '').replace(/\u0000/g, ''),
      html: parsed && typeof parsed.html === 'string' ? parsed.html.replace(/\u0000/g, '') : null,
      attachments: parsed ? toAttachments(parsed) : [],
      automated: automation !== null,
    },
    fromAddresses: allAddresses(parsed?.from),
    automation,
  };
}

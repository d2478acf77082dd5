import { createHash, randomBytes } from 'node:crypto';

// Message-IDs are kept only as hashes (docs/lifecycle.md): they thread replies and outlive an erased
// ticket, but a hash says nothing about the conversation it came from.

/** The id between the angle brackets, trimmed and lower-cased (some relays change case). */
export function normalizeMessageId(raw: string): string | null {
  const m = /<([^<>\s]+)>/.exec(raw);
  const id = (m ? m[1]! : raw).trim().toLowerCase();
  return id && !/\s/.test(id) ? id : null;
}

/** Every id in a header such as References or In-Reply-To, in the order written. */
export function messageIdsIn(header: string | string[] | undefined | null): string[] {
  if (!header) return [];
  const text = Array.isArray(header) ? header.join(' ') : header;
  const out: string[] = [];
  for (const m of text.matchAll(/<([^<>\s]+)>/g)) out.push(m[1]!.toLowerCase());
  if (out.length === 0) {
    const single = normalizeMessageId(text);
    if (single) out.push(single);
  }
  return out;
}

/** sha256 hex of a normalized Message-ID. */
export function hashMessageId(id: string): string {
  return createHash('sha256').update(normalizeMessageId(id) ?? id).digest('hex');
}

/** A new Message-ID of ours for a ticket's outgoing mail: `<oubli.T.RANDOM@domain>`. */
export function newMessageId(ticketId: number, domain: string): string {
  return `<oubli.${ticketId}.${randomBytes(9).toString('base64url')}@${domain}>`;
}

/** Reads the Message-ID header out of the start of a raw message, or null. */
export function messageIdFromHead(head: Buffer): string | null {
  const text = head.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const headers = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const m = /^message-id:\s*(<[^<>\s]+>)/im.exec(headers);
  return m ? m[1]! : null;
}

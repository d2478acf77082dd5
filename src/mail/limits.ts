import { Readable } from 'node:stream';
import { Splitter, type MimeNode } from '@zone-eu/mailsplit';
import libmime from 'libmime';
import type { MailLimitName } from '../domain/mail/types.ts';

// What a message may be made of before Oubli refuses to read it (docs/email.md, "Limits").
// The structure is measured with mailsplit, mailparser's own splitter, before mailparser
// runs: a message over a limit is refused at SMTP time with a 5xx, never stored with an
// empty body, and never answered 4xx (a retry would not make it any smaller).

export interface MailLimits {
  /** MIME parts in the whole message, the message itself and embedded messages included. */
  maxParts: number;
  /** How deep parts may nest (the top of the message is depth 1). */
  maxDepth: number;
  /** Bytes of one part's header block (mailsplit counts a short line as 64 bytes). */
  maxHeaderBytes: number;
  /** Header fields of one part (a folded field counts once). */
  maxHeaderFields: number;
}

/**
 * Real mail stays far below these: a long Received chain with DKIM and ARC signatures is a
 * few hundred fields and tens of kilobytes; a newsletter has tens of parts, nested a few deep.
 */
export const MAIL_LIMITS: MailLimits = {
  maxParts: 250,
  maxDepth: 20,
  maxHeaderBytes: 256 * 1024,
  maxHeaderFields: 1000,
};

export interface Breach {
  limit: MailLimitName;
  max: number;
}

function depthOf(node: MimeNode): number {
  let d = 1;
  for (let p = node.parentNode; p; p = p.parentNode) d++;
  return d;
}

/** The first limit a message breaks (or `unreadable` when it cannot be split), else null. */
export async function structureBreach(raw: Buffer, limits: MailLimits): Promise<Breach | null> {
  // mailsplit's own limits are the backstop for what it would have to hold in memory.
  const splitter = new Splitter({ maxHeadSize: limits.maxHeaderBytes, maxChildNodes: limits.maxParts + 1 });
  const events = splitter as unknown as NodeJS.EventEmitter;
  let parts = 0;
  let breach: Breach | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      events.on('data', (chunk: { type: string }) => {
        if (breach || chunk.type !== 'node') return;
        const node = chunk as MimeNode;
        parts++;
        if (parts > limits.maxParts) breach = { limit: 'parts', max: limits.maxParts };
        else if (depthOf(node) > limits.maxDepth) breach = { limit: 'depth', max: limits.maxDepth };
        else if (node.headers && node.headers.getList().length > limits.maxHeaderFields) breach = { limit: 'header_fields', max: limits.maxHeaderFields };
      });
      events.on('end', resolve);
      events.on('error', reject);
      Readable.from([raw]).on('error', reject).pipe(splitter);
    });
  } catch (err) {
    if (breach) return breach;
    const message = (err as Error)?.message ?? '';
    if ((err as { code?: string })?.code === 'EMAXLEN') {
      return /child nodes/i.test(message) ? { limit: 'parts', max: limits.maxParts } : { limit: 'header_bytes', max: limits.maxHeaderBytes };
    }
    return { limit: 'unreadable', max: 0 };
  }
  return breach;
}

/** Where the top header block ends (the blank line), or the whole buffer. */
export function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf === -1) return lf === -1 ? raw.length : lf;
  return lf === -1 ? crlf : Math.min(crlf, lf);
}

const ADDRESS_LIKE = /[^\s<>()",;:@]+@[^\s<>()",;:@]+/g;

/**
 * Everything that looks like an address in the From and Sender fields of a message that
 * will not be parsed (it broke a limit), so the suspended-sender check still sees them.
 * Deliberately loose: it only decides which refusal the sender gets, never what is stored.
 */
export function senderCandidates(raw: Buffer, scanBytes = 4 * 1024 * 1024): string[] {
  const head = raw.subarray(0, Math.min(headerEnd(raw), scanBytes)).toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const out = new Set<string>();
  for (const line of head.split(/\r?\n/)) {
    const m = /^(?:from|sender)[ \t]*:(.*)$/i.exec(line);
    if (!m) continue;
    let value = m[1]!;
    try {
      value = libmime.decodeWords(value);
    } catch {
      /* keep the raw text */
    }
    for (const a of value.matchAll(ADDRESS_LIKE)) out.add(a[0]);
  }
  return [...out];
}

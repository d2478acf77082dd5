import addressparser from 'nodemailer/lib/addressparser';
import MimeNode from 'nodemailer/lib/mime-node';
import libmime from 'libmime';
import { hashMessageId } from '../mail/message-ids.ts';
import { countMatches } from './text-match.ts';

// The headers of a stored raw email that name people, and how an erasure or a redaction
// rewrites them (raw-mail.ts applies these). Address lists are parsed and written again with
// nodemailer's own address parser and header encoder; message ids are replaced whole, never
// redacted character by character, so the header stays a valid msg-id.

/** A domain that cannot exist (RFC 2606): what replaces the person in addresses and ids. */
export const ERASED_DOMAIN = 'erased.invalid';

/** The mailbox that takes an erased person's place in From, To, Cc, Reply-To. */
export const ERASED_MAILBOX = { name: 'Permanently Deleted User', address: `erased@${ERASED_DOMAIN}` } as const;

/** A person whose identifiers leave the headers: their addresses and their addresses' domains, lower-case. */
export interface PersonInMail {
  addresses: string[];
  domains: string[];
}

/** Headers that hold a list of mailboxes. */
export const ADDRESS_HEADERS = new Set([
  'from',
  'sender',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'resent-from',
  'resent-sender',
  'resent-to',
  'resent-cc',
  'resent-bcc',
  'mail-followup-to',
  'mail-reply-to',
  'disposition-notification-to',
]);

/** Headers that hold message ids (threading, and the Content-ID of inline images). */
export const MESSAGE_ID_HEADERS = new Set(['message-id', 'in-reply-to', 'references', 'content-id', 'resent-message-id']);

/**
 * The id that replaces one naming someone: the sha256 the threading tables already keep
 * (ticket_message_ids), at a domain that cannot exist. A reply quoting the original id still
 * threads by that hash; nothing in the new id leads back to the person.
 */
export function erasedMessageId(id: string): string {
  return `${hashMessageId(id)}@${ERASED_DOMAIN}`;
}

function isErasedId(id: string): boolean {
  return id.toLowerCase().endsWith(`@${ERASED_DOMAIN}`);
}

/** Whether a message id carries one of the person's addresses or domains (anywhere in it: errs towards removing). */
export function idNamesPerson(id: string, person: PersonInMail): boolean {
  const low = id.toLowerCase();
  return person.addresses.some((a) => low.includes(a)) || person.domains.some((d) => low.includes(d));
}

/** What decides that an id must go: a redaction's pattern, an erased person, ids given by the caller. */
export function idPredicate(pattern: RegExp | null, person: PersonInMail | null, other: ((id: string) => boolean) | null = null): ((id: string) => boolean) | null {
  if (!pattern && !person && !other) return null;
  return (id) =>
    !isErasedId(id) && ((!!pattern && countMatches(id, pattern) > 0) || (!!person && idNamesPerson(id, person)) || (!!other && other(id)));
}

/**
 * Rewrites the ids of a Message-ID, In-Reply-To, References or Content-ID value that `names`
 * picks; null when none is picked. `value` is the unfolded header value.
 */
export function rewriteIdList(value: string, names: (id: string) => boolean): { value: string; replaced: string[] } | null {
  const replaced: string[] = [];
  const swap = (id: string) => {
    if (!names(id)) return null;
    replaced.push(id);
    return erasedMessageId(id);
  };
  let next: string;
  if (value.includes('<')) {
    next = value.replace(/<([^<>]*)>/g, (whole, id: string) => {
      const to = id.trim() ? swap(id.trim()) : null;
      return to ? `<${to}>` : whole;
    });
  } else {
    const to = value.trim() ? swap(value.trim()) : null;
    next = to ? `<${to}>` : value;
  }
  return replaced.length ? { value: next, replaced } : null;
}

function decodeName(name: string): string {
  try {
    return libmime.decodeWords(name);
  } catch {
    return name;
  }
}

/**
 * An address list with every mailbox of the person replaced by ERASED_MAILBOX (display name
 * and address both go: the name belongs to that address); null when the person is not in it.
 * `value` is the unfolded raw value (RFC 2047 words still encoded).
 */
export function rewriteAddressList(value: string, addresses: ReadonlySet<string>): { value: string; replaced: number } | null {
  const list = addressparser(value, { flatten: true });
  let replaced = 0;
  const next = list.flatMap((a) => {
    if (a.address && addresses.has(a.address.trim().toLowerCase())) {
      replaced++;
      return [{ ...ERASED_MAILBOX }];
    }
    return a.address || a.name ? [{ name: decodeName(a.name), address: a.address }] : [];
  });
  if (!replaced) return null;
  // Every address header is encoded the same way; 'To' is one nodemailer knows as structured.
  return { value: MimeNode.encodeHeaderValue('To', next), replaced };
}

/** The person's lower-case addresses and their domains, from their email identities. */
export function personInMail(emails: string[]): PersonInMail {
  const addresses = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e.includes('@')))];
  const domains = [...new Set(addresses.map((a) => a.slice(a.lastIndexOf('@') + 1)).filter((d) => d.length >= 3))];
  return { addresses, domains };
}

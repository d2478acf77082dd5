import { createHash } from 'node:crypto';
import { Readable, type Transform } from 'node:stream';
import { Splitter, type MimeNode } from '@zone-eu/mailsplit';
import libmime from 'libmime';
import { REDACTED, redactHtml, redactionPattern, redactPlain, type Replaced } from './text-match.ts';
import { dropUrlsHoldingInSource } from './html-attributes.ts';
import { ADDRESS_HEADERS, idPredicate, MESSAGE_ID_HEADERS, rewriteAddressList, rewriteIdList, type PersonInMail } from './raw-mail-headers.ts';

// Redaction of a stored raw email (raw_messages.data). The message is split into its MIME
// parts with mailsplit (mailparser's own splitter) and joined back byte for byte, except the
// parts that change: a text part with a match is decoded (transfer encoding and charset),
// redacted (in HTML also the link targets and image sources holding it, html-attributes.ts), and stored again as UTF-8 quoted-printable (or base64 if it was base64); a
// header with a match is decoded (RFC 2047 words), redacted and encoded again; a redacted
// attachment's part becomes an empty `redacted.txt`. Everything else keeps its bytes, so
// the message still parses as it did and its Message-ID is still there for threading.

/** An attachment to blank in the raw message: found by its decoded bytes. */
export interface RawAttachmentTarget {
  data: Buffer;
  fileName: string;
  contentId: string | null;
}

export interface RawEdit {
  /** Strings to redact in text parts, headers and the text between parts. */
  pattern?: RegExp | null;
  /** Attachments whose parts become an empty `redacted.txt`. */
  attachments?: RawAttachmentTarget[];
  /**
   * An erased person leaves the headers (raw-mail-headers.ts): their mailboxes in From, To,
   * Cc, Reply-To… become ERASED_MAILBOX, message ids carrying their address or domain are
   * replaced by hashed ones, and their addresses (and domains, Subject aside) become ▇ in
   * every other header. Text parts are left as they are (the comment stays, docs/lifecycle.md).
   */
  person?: PersonInMail | null;
  /** Other message ids to replace (ids quoting an erased person's message, on arrival). */
  messageIds?: ((id: string) => boolean) | null;
}

export interface RawEditResult extends Replaced {
  data: Buffer;
  changed: boolean;
  /** Attachment parts replaced by an empty `redacted.txt`. */
  partsReplaced: number;
  /** The message ids (and Content-IDs) replaced, as they were written: threading records their hashes. */
  idsReplaced: string[];
}

type Chunk = MimeNode | { type: 'body'; value: Buffer } | { type: 'data'; value: Buffer };

async function split(raw: Buffer): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  const splitter = new Splitter();
  const events = splitter as unknown as NodeJS.EventEmitter;
  await new Promise<void>((resolve, reject) => {
    events.on('data', (c: Chunk) => chunks.push(c));
    events.on('end', resolve);
    events.on('error', reject);
    Readable.from([raw]).on('error', reject).pipe(splitter);
  });
  return chunks;
}

function through(stream: Transform | NodeJS.ReadWriteStream, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    stream.on('data', (c: Buffer | string) => out.push(Buffer.isBuffer(c) ? c : Buffer.from(c)));
    stream.on('end', () => resolve(Buffer.concat(out)));
    stream.on('error', reject);
    stream.end(input);
  });
}

const REDACTED_UTF8 = Buffer.from(REDACTED, 'utf8');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const cidOf = (node: MimeNode) => (node.headers ? node.headers.getFirst('content-id').replace(/^<|>$/g, '').trim() : '');

function isTextBody(node: MimeNode): boolean {
  return (node.contentType === 'text/plain' || node.contentType === 'text/html') && node.disposition !== 'attachment';
}

/**
 * Headers never redacted as text: the ones the message's structure depends on (a string that
 * happens to match a boundary or a MIME type must not break the message). A file name in
 * Content-Type/Content-Disposition goes with its attachment's redaction. Message ids are
 * replaced whole instead (MESSAGE_ID_HEADERS), so threading headers stay well-formed.
 */
const STRUCTURAL = new Set(['content-type', 'content-transfer-encoding', 'content-disposition', 'mime-version']);

/** What a header pass applies: the redaction's pattern, the erased person, and which ids go. */
interface HeaderEdit {
  pattern: RegExp | null;
  person: { addresses: ReadonlySet<string>; everywhere: RegExp | null; subject: RegExp | null } | null;
  ids: ((id: string) => boolean) | null;
  /** Content-IDs being replaced (old → new, without brackets), to follow in `cid:` links. */
  cids: Map<string, string>;
  /** Every id replaced, as written. */
  replaced: string[];
}

function headerEdit(edit: RawEdit): HeaderEdit {
  const p = edit.person && edit.person.addresses.length ? edit.person : null;
  return {
    pattern: edit.pattern ?? null,
    person: p
      ? { addresses: new Set(p.addresses), everywhere: redactionPattern([...p.addresses, ...p.domains]), subject: redactionPattern(p.addresses) }
      : null,
    ids: idPredicate(edit.pattern ?? null, p, edit.messageIds ?? null),
    cids: new Map(),
    replaced: [],
  };
}

/** Header lines are kept as binary strings: unfold and read as UTF-8 (RFC 2047 words still encoded). */
function unfoldedValue(line: string, colon: number): string {
  return Buffer.from(line.slice(colon + 1), 'binary').toString('utf8').replace(/\r?\n[ \t]/g, ' ').trim();
}

/** Redacts header values (Subject, From's display name, Received lines, …) and replaces ids and mailboxes that name someone. */
function redactHeaders(node: MimeNode, edit: HeaderEdit, tally: Replaced): void {
  const headers = node.headers;
  if (!headers) return;
  const seen = new Map<string, number>();
  for (const line of [...headers.getList()]) {
    const nth = seen.get(line.key) ?? 0;
    seen.set(line.key, nth + 1);
    if (STRUCTURAL.has(line.key)) continue;
    const colon = line.line.indexOf(':');
    if (colon < 0) continue;
    const name = line.line.slice(0, colon).trim();
    const rawValue = unfoldedValue(line.line, colon);
    if (MESSAGE_ID_HEADERS.has(line.key)) {
      const r = edit.ids ? rewriteIdList(rawValue, edit.ids) : null;
      if (!r) continue;
      tally.occurrences += r.replaced.length;
      tally.characters += r.replaced.reduce((n, id) => n + id.length, 0);
      edit.replaced.push(...r.replaced);
      headers.update(name, r.value, nth);
      continue;
    }
    let value = rawValue;
    let changed = false;
    if (edit.person && ADDRESS_HEADERS.has(line.key)) {
      const r = rewriteAddressList(value, edit.person.addresses);
      if (r) {
        tally.occurrences += r.replaced;
        value = r.value;
        changed = true;
      }
    }
    let decoded = libmime.decodeWords(value);
    const patterns = [edit.pattern, line.key === 'subject' ? edit.person?.subject : edit.person?.everywhere];
    for (const p of patterns) {
      if (!p) continue;
      const r = redactPlain(decoded, p);
      if (r.occurrences === 0) continue;
      tally.occurrences += r.occurrences;
      tally.characters += r.characters;
      decoded = r.text;
      value = libmime.encodeWords(decoded, 'Q', 52);
      changed = true;
    }
    if (changed) headers.update(name, value, nth);
  }
}

/** The Content-IDs of the message that are being replaced, so that `cid:` links in its text parts follow. */
function replacedContentIds(chunks: Chunk[], edit: HeaderEdit): void {
  if (!edit.ids) return;
  for (const c of chunks) {
    if (c.type !== 'node' || !c.headers) continue;
    const cid = cidOf(c);
    if (!cid) continue;
    const r = rewriteIdList(`<${cid}>`, edit.ids);
    if (r) edit.cids.set(cid, r.value.slice(1, -1));
  }
}

/** The text between parts (preamble, epilogue), boundary lines left as they are. */
function redactBetweenParts(value: Buffer, pattern: RegExp): { data: Buffer } & Replaced {
  let occurrences = 0;
  let characters = 0;
  const lines = value.toString('latin1').split(/(?<=\n)/);
  const out = lines.map((line) => {
    if (line.startsWith('--')) return Buffer.from(line, 'latin1');
    const r = redactPlain(line, pattern);
    if (r.occurrences === 0) return Buffer.from(line, 'latin1');
    occurrences += r.occurrences;
    characters += r.characters;
    const pieces = r.text.split(REDACTED).map((s) => Buffer.from(s, 'latin1'));
    return Buffer.concat(pieces.flatMap((b, k) => (k ? [REDACTED_UTF8, b] : [b])));
  });
  return { data: Buffer.concat(out), occurrences, characters };
}

/** Decodes a leaf's body to text, per its transfer encoding and charset. */
async function decodeText(node: MimeNode, body: Buffer): Promise<string> {
  const bytes = await through(node.getDecoder(), body);
  return (await through(libmime.createDecodeStream(node.charset || 'utf-8'), bytes)).toString('utf8');
}

/** Encodes new text for the node: UTF-8, base64 if it was, else quoted-printable. */
async function encodeText(node: MimeNode, text: string): Promise<Buffer> {
  node.setCharset('utf-8');
  // The line break before the next boundary belongs to the boundary (mailsplit keeps it
  // there), so nothing is appended here.
  return through(node.getEncoder(node.encoding === 'base64' ? 'base64' : 'quoted-printable'), Buffer.from(text, 'utf8'));
}

/** Turns a part into an empty `redacted.txt`: every header of the part is replaced. */
function blankPart(node: MimeNode): Buffer {
  const headers = node.headers;
  if (headers) {
    for (const key of new Set(headers.getList().map((l) => l.key))) headers.remove(key);
    headers.add('Content-Type', 'text/plain; charset=utf-8; name="redacted.txt"');
    headers.add('Content-Disposition', 'attachment; filename="redacted.txt"');
    headers.add('Content-Transfer-Encoding', '7bit');
  }
  return Buffer.alloc(0);
}

/**
 * The chunk indexes of the parts holding these attachments: found by their decoded bytes;
 * failing that (the part was rewritten, or the file is empty) by Content-ID, then by file name.
 */
async function attachmentParts(chunks: Chunk[], targets: RawAttachmentTarget[]): Promise<Set<number>> {
  const leaves: { at: number; hash: string; name: string; cid: string }[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const node = chunks[i]!;
    if (node.type !== 'node' || node.multipart || node.rfc822) continue;
    const body: Buffer[] = [];
    for (let k = i + 1; k < chunks.length && chunks[k]!.type === 'body'; k++) body.push((chunks[k] as { value: Buffer }).value);
    const content = await through(node.getDecoder(), Buffer.concat(body));
    leaves.push({ at: i, hash: content.length ? sha(content) : '', name: node.filename || '', cid: cidOf(node) });
  }
  const found = new Set<number>();
  for (const t of targets) {
    const hash = t.data.length ? sha(t.data) : null;
    const byHash = hash ? leaves.filter((l) => l.hash === hash) : [];
    const byCid = t.contentId ? leaves.filter((l) => l.cid === t.contentId) : [];
    const byName = leaves.filter((l) => l.name !== '' && l.name === t.fileName);
    for (const l of byHash.length ? byHash : byCid.length ? byCid : byName) found.add(l.at);
  }
  return found;
}

/**
 * Applies a redaction to one raw message and returns the new bytes. Parts and headers
 * without a match keep their exact bytes.
 */
export async function rewriteRawMessage(raw: Buffer, edit: RawEdit): Promise<RawEditResult> {
  const chunks = await split(raw);
  const pattern = edit.pattern ?? null;
  const targets = edit.attachments ?? [];
  const cids = targets.flatMap((a) => (a.contentId ? [a.contentId] : []));
  const toBlank = targets.length ? await attachmentParts(chunks, targets) : new Set<number>();
  const headerPass = headerEdit(edit);
  replacedContentIds(chunks, headerPass);
  const renamed = [...headerPass.cids].filter(([from]) => !cids.includes(from));
  const tally: Replaced = { occurrences: 0, characters: 0 };
  let partsReplaced = 0;
  let changed = false;
  const out: Buffer[] = [];

  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    if (c.type === 'data') {
      // Preamble, boundaries and epilogue: no charset, read as Latin-1.
      if (!pattern) {
        out.push(c.value);
        continue;
      }
      const r = redactBetweenParts(c.value, pattern);
      if (r.occurrences === 0) out.push(c.value);
      else {
        tally.occurrences += r.occurrences;
        tally.characters += r.characters;
        changed = true;
        out.push(r.data);
      }
      continue;
    }
    if (c.type === 'body') {
      out.push(c.value); // a body whose node was not rewritten
      continue;
    }
    const node = c;
    const blanked = toBlank.has(i);
    // Collect this leaf's body chunks (none for multipart containers).
    const bodyParts: Buffer[] = [];
    while (i + 1 < chunks.length && chunks[i + 1]!.type === 'body') bodyParts.push((chunks[++i] as { value: Buffer }).value);
    const body = Buffer.concat(bodyParts);

    let newBody: Buffer | null = null;
    if (blanked) {
      newBody = blankPart(node);
      partsReplaced++;
    }
    if (newBody === null && (pattern || headerPass.person || headerPass.ids)) redactHeaders(node, headerPass, tally);
    if (newBody === null && !node.multipart && isTextBody(node) && (pattern || cids.length || renamed.length)) {
      const text = await decodeText(node, body);
      let next = text;
      // Links to inline images first, before the pattern could cut into them: a redacted
      // image's link points at nothing now; one whose Content-ID named someone follows the new id.
      for (const cid of cids) next = next.split(`cid:${cid}`).join('cid:redacted');
      for (const [from, to] of renamed) next = next.split(`cid:${from}`).join(`cid:${to}`);
      if (pattern && node.contentType === 'text/html') {
        // As in the comment's HTML (redact-comment.ts): a link or image whose URL holds the
        // string, as written or percent-encoded, loses it whole; then the text a reader sees.
        const urls = dropUrlsHoldingInSource(next, pattern);
        const r = redactHtml(urls.html, pattern);
        next = r.html;
        tally.occurrences += r.occurrences + urls.removed;
        tally.characters += r.characters;
      } else if (pattern) {
        const r = redactPlain(next, pattern);
        next = r.text;
        tally.occurrences += r.occurrences;
        tally.characters += r.characters;
      }
      if (next !== text) newBody = await encodeText(node, next);
    }
    if (node.headers && node.headers.changed) changed = true;
    let head = node.getHeaders();
    const next = chunks[i + 1];
    if (blanked && next?.type === 'data' && (next.value[0] === 0x0d || next.value[0] === 0x0a)) {
      // An empty body: the boundary's own line break ends the header block, or readers
      // would take that line break for the part's content.
      head = head.subarray(0, head.length - (head[head.length - 2] === 0x0d ? 2 : 1));
    }
    out.push(head);
    if (newBody !== null) {
      changed = true;
      out.push(newBody);
    } else if (body.length) out.push(body);
  }
  return { data: changed ? Buffer.concat(out) : raw, changed, partsReplaced, idsReplaced: [...new Set(headerPass.replaced)], ...tally };
}

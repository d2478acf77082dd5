import { createHash } from 'node:crypto';
import { Readable, type Transform } from 'node:stream';
import { Splitter, type MimeNode } from '@zone-eu/mailsplit';
import libmime from 'libmime';
import { REDACTED, redactHtml, redactPlain, type Replaced } from './text-match.ts';

// Redaction of a stored raw email (raw_messages.data). The message is split into its MIME
// parts with mailsplit (mailparser's own splitter) and joined back byte for byte, except the
// parts that change: a text part with a match is decoded (transfer encoding and charset),
// redacted, and stored again as UTF-8 quoted-printable (or base64 if it was base64); a
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
}

export interface RawEditResult extends Replaced {
  data: Buffer;
  changed: boolean;
  /** Attachment parts replaced by an empty `redacted.txt`. */
  partsReplaced: number;
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
 * Headers left alone: the ones the message's structure depends on (a string that happens to
 * match a boundary or a MIME type must not break the message) and the message ids threading
 * reads. A file name in Content-Type/Content-Disposition goes with its attachment's redaction.
 */
const STRUCTURAL = new Set([
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'content-id',
  'mime-version',
  'message-id',
  'in-reply-to',
  'references',
]);

/** Redacts header values (Subject, From's display name, Received lines, …). */
function redactHeaders(node: MimeNode, pattern: RegExp, tally: Replaced): void {
  const headers = node.headers;
  if (!headers) return;
  const seen = new Map<string, number>();
  for (const line of [...headers.getList()]) {
    const nth = seen.get(line.key) ?? 0;
    seen.set(line.key, nth + 1);
    if (STRUCTURAL.has(line.key)) continue;
    const colon = line.line.indexOf(':');
    if (colon < 0) continue;
    // Header lines are kept as binary strings; unfold, read as UTF-8, decode =?…?= words.
    const rawValue = Buffer.from(line.line.slice(colon + 1), 'binary').toString('utf8').replace(/\r?\n[ \t]/g, ' ').trim();
    const decoded = libmime.decodeWords(rawValue);
    const r = redactPlain(decoded, pattern);
    if (r.occurrences === 0) continue;
    tally.occurrences += r.occurrences;
    tally.characters += r.characters;
    headers.update(line.line.slice(0, colon).trim(), libmime.encodeWords(r.text, 'Q', 52), nth);
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
    if (newBody === null && pattern) redactHeaders(node, pattern, tally);
    if (newBody === null && !node.multipart && isTextBody(node) && (pattern || cids.length)) {
      const text = await decodeText(node, body);
      let next = text;
      if (pattern) {
        const r = node.contentType === 'text/html' ? redactHtml(next, pattern) : redactPlain(next, pattern);
        next = 'html' in r ? r.html : r.text;
        tally.occurrences += r.occurrences;
        tally.characters += r.characters;
      }
      // An inline image that was redacted: its reference points at nothing now.
      for (const cid of cids) next = next.split(`cid:${cid}`).join('cid:redacted');
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
  return { data: changed ? Buffer.concat(out) : raw, changed, partsReplaced, ...tally };
}

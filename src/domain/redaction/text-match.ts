import { createRequire } from 'node:module';

// Finding a string in a comment's text and replacing it, in plain text and in HTML.
// Matching is case-insensitive and any run of whitespace in the string matches any run of
// whitespace in the text (a line break, a non-breaking space, a block boundary in HTML): an
// address wrapped over two lines in an email is still the same address (docs/redaction.md).

/** What every redacted character becomes (U+2587, LOWER SEVEN EIGHTHS BLOCK). */
export const REDACTED = '\u2587';

// mailparser's own entity decoder (HTML5's full table, legacy forms without `;` too).
const he = createRequire(import.meta.url)('he') as { decode(html: string): string };

/** How much a redaction replaced: matches found, and characters turned into ▇. */
export interface Replaced {
  occurrences: number;
  characters: number;
}

/**
 * One pattern for the given strings (longest first), or null when none has a visible
 * character. The strings are matched literally: no wildcard, no regular expression.
 */
export function redactionPattern(texts: string[]): RegExp | null {
  const parts = [...new Set(texts.map((t) => t.trim()).filter((t) => t !== ''))]
    .sort((a, b) => b.length - a.length)
    .map((t) => t.split(/\s+/u).map(escapeRegExp).join('\\s+'));
  if (parts.length === 0) return null;
  return new RegExp(parts.join('|'), 'giu');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Line breaks keep the text's shape; every other character of a match is replaced. */
function isKept(ch: string): boolean {
  return ch === '\n' || ch === '\r';
}

/** Replaces every character of every match with ▇ (line breaks stay). */
export function redactPlain(text: string, pattern: RegExp): { text: string } & Replaced {
  let occurrences = 0;
  let characters = 0;
  const out = text.replace(pattern, (m) => {
    if (m === '') return m;
    occurrences++;
    let r = '';
    for (const ch of m) {
      if (isKept(ch)) r += ch;
      else {
        r += REDACTED;
        characters++;
      }
    }
    return r;
  });
  return { text: out, occurrences, characters };
}

/** Counts matches without changing anything. */
export function countMatches(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let n = 0;
  for (const m of text.matchAll(pattern)) if (m[0] !== '') n++;
  return n;
}

// Comments, CDATA, doctypes and processing instructions; then tags, whose quoted attribute
// values may contain `>`.
const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?][^>]*>?|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
/** Ending one of these separates words in the text a reader sees. */
const BREAKS = /^(p|div|li|h[1-6]|tr|td|th|blockquote|pre|table|ul|ol|br|hr|dt|dd|section|article|header|footer|title)$/i;
const ENTITY = /&(?:#[xX][0-9a-fA-F]{1,6};?|#\d{1,7};?|[a-zA-Z][a-zA-Z0-9]{1,31};?)/y;
const ATTR_VALUE = /(=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;

/** A piece of HTML: text, a tag or a comment-like token. */
interface Piece {
  kind: 'text' | 'tag' | 'other';
  src: string;
  /** For tags: the lower-cased name and whether it closes. */
  name?: string;
  closing?: boolean;
}

/** Splits HTML into text runs and tokens, so text can be edited without touching markup. */
export function splitHtml(html: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    if (m.index > last) pieces.push({ kind: 'text', src: html.slice(last, m.index) });
    if (m[2]) pieces.push({ kind: 'tag', src: m[0], name: m[2].toLowerCase(), closing: m[1] === '/' });
    else pieces.push({ kind: 'other', src: m[0] });
    last = TOKEN.lastIndex;
  }
  if (last < html.length) pieces.push({ kind: 'text', src: html.slice(last) });
  return pieces;
}

/**
 * A text run decoded (entities resolved), with, for each UTF-16 unit of the decoded text,
 * where in the run's source it came from. Typed arrays: a raw email's HTML can be megabytes.
 */
interface Decoded {
  text: string;
  starts: Int32Array;
}

/** The source length of what starts at `i`: an entity that decodes, or one code point. */
function sourceLength(src: string, i: number): number {
  if (src.charCodeAt(i) === 0x26) {
    ENTITY.lastIndex = i;
    const m = ENTITY.exec(src);
    if (m && he.decode(m[0]) !== m[0]) return m[0].length;
  }
  const c = src.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < src.length ? 2 : 1;
}

function decodeRun(src: string): Decoded {
  const parts: string[] = [];
  const starts = new Int32Array(src.length);
  let n = 0;
  let i = 0;
  while (i < src.length) {
    const amp = src.indexOf('&', i);
    const plainEnd = amp === -1 ? src.length : amp;
    if (plainEnd > i) {
      parts.push(src.slice(i, plainEnd));
      for (let k = i; k < plainEnd; k++) starts[n++] = k;
      i = plainEnd;
      continue;
    }
    const len = sourceLength(src, i);
    // An entity is one character a reader sees (rarely two, e.g. some math symbols).
    const decoded = len > 1 ? he.decode(src.slice(i, i + len)) : '&';
    parts.push(decoded);
    for (let k = 0; k < decoded.length; k++) starts[n++] = i;
    i += len;
  }
  return { text: parts.join(''), starts: starts.subarray(0, n) };
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Redacts inside a tag's attribute values (a mailto: link holds the address it shows). */
function redactTag(src: string, pattern: RegExp): { src: string } & Replaced {
  let occurrences = 0;
  let characters = 0;
  const out = src.replace(ATTR_VALUE, (whole, eq: string, dq?: string, sq?: string, bare?: string) => {
    const raw = dq ?? sq ?? bare ?? '';
    const value = he.decode(raw);
    const r = redactPlain(value, pattern);
    if (r.occurrences === 0) return whole;
    occurrences += r.occurrences;
    characters += r.characters;
    return `${eq}"${escapeAttr(r.text)}"`;
  });
  return { src: out, occurrences, characters };
}

/**
 * Replaces every character of every match in the text a reader sees with ▇, leaving the
 * markup as it is. A match may run across inline tags (`<b>Anna</b> Karenina`) and through
 * entities (`&amp;` is one character, so it becomes one ▇). Attribute values and HTML
 * comments are redacted as well.
 */
export function redactHtml(html: string, pattern: RegExp): { html: string } & Replaced {
  const pieces = splitHtml(html);
  // The text a reader sees; for each of its UTF-16 units, the piece (-1: a block boundary)
  // and the offset in that piece's source it came from.
  const texts: string[] = [];
  const cap = html.length + pieces.length + 1;
  const unitPiece = new Int32Array(cap);
  const unitStart = new Int32Array(cap);
  let len = 0;
  pieces.forEach((p, i) => {
    if (p.kind === 'text') {
      const d = decodeRun(p.src);
      texts.push(d.text);
      unitPiece.fill(i, len, len + d.text.length);
      unitStart.set(d.starts, len);
      len += d.text.length;
    } else if (p.kind === 'tag' && BREAKS.test(p.name!)) {
      texts.push('\n');
      unitPiece[len] = -1;
      len++;
    }
  });
  const joined = texts.join('');

  // Source offsets to replace, per text piece.
  const marks = new Map<number, Set<number>>();
  let occurrences = 0;
  pattern.lastIndex = 0;
  for (const m of joined.matchAll(pattern)) {
    if (m[0] === '') continue;
    occurrences++;
    for (let u = m.index!; u < m.index! + m[0].length; u++) {
      const piece = unitPiece[u]!;
      const code = joined.charCodeAt(u);
      if (piece < 0 || code === 0x0a || code === 0x0d) continue;
      const set = marks.get(piece) ?? new Set<number>();
      set.add(unitStart[u]!);
      marks.set(piece, set);
    }
  }

  let characters = 0;
  const out = pieces.map((p, i) => {
    if (p.kind === 'text') {
      const set = marks.get(i);
      if (!set) return p.src;
      let s = '';
      let from = 0;
      for (const at of [...set].sort((a, b) => a - b)) {
        if (at < from) continue; // the second half of a surrogate pair already replaced
        s += p.src.slice(from, at) + REDACTED;
        characters++;
        from = at + sourceLength(p.src, at);
      }
      return s + p.src.slice(from);
    }
    if (p.kind === 'tag') {
      const r = redactTag(p.src, pattern);
      occurrences += r.occurrences;
      characters += r.characters;
      return r.src;
    }
    // An HTML comment is not shown, but it is stored: the string goes there too.
    if (p.src.startsWith('<!--')) {
      const r = redactPlain(p.src, pattern);
      occurrences += r.occurrences;
      characters += r.characters;
      return r.text;
    }
    return p.src;
  });
  return { html: out.join(''), occurrences, characters };
}

/** The text a reader sees in an HTML fragment (entities decoded, tags dropped), for checks. */
export function visibleText(html: string): string {
  return splitHtml(html)
    .map((p) => (p.kind === 'text' ? decodeRun(p.src).text : p.kind === 'tag' && BREAKS.test(p.name!) ? '\n' : ''))
    .join('');
}

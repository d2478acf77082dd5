import { invalidField } from '../../errors.ts';
import { REDACTED, redactionPattern, redactPlain, splitHtml } from './text-match.ts';

// The admin redaction's input: the comment's own html_body with <redact>…</redact> around
// what must go. These helpers check it against the stored HTML, redact the marked passages
// in it, and carry the same passages over to the plain body and body.

/** One character a reader sees in the HTML, and whether it lies inside <redact>. */
export interface VisibleChar {
  ch: string;
  marked: boolean;
}

export interface MarkedHtml {
  /** The stored HTML with every marked character (and marked link target) replaced by ▇. */
  html: string;
  visible: VisibleChar[];
  /** The text of each marked passage, for the copies that cannot be aligned (raw email). */
  spans: string[];
}

const BREAKS = /^(p|div|li|h[1-6]|tr|td|th|blockquote|pre|table|ul|ol|br|hr)$/;
const ENTITY = /&(?:#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/y;
const HREF = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)')/i;

function mismatch() {
  return invalidField(
    'html_body',
    "Html body: must be the comment's current html_body with <redact> tags added and nothing else changed (nothing was redacted).",
  );
}

/** Replaces every character of a text run (an entity counts as one) with ▇, line breaks kept. */
function blankRun(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; ) {
    ENTITY.lastIndex = i;
    const m = src[i] === '&' ? ENTITY.exec(src) : null;
    const piece = m ? m[0] : String.fromCodePoint(src.codePointAt(i)!);
    out += piece === '\n' || piece === '\r' ? piece : REDACTED;
    i += piece.length;
  }
  return out;
}

/** Reads the text of a run (entities decoded the way the stored HTML writes them). */
function readRun(src: string, visible: VisibleChar[]): void {
  const decoded = src.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' })[e]!);
  for (const ch of decoded) visible.push({ ch, marked: false });
}

/**
 * Checks that `submitted` is `stored` plus <redact> tags (422 otherwise) and redacts the
 * marked passages. A passage may span tags; a link inside it loses its target too.
 */
export function markRedactTags(submitted: string, stored: string): MarkedHtml {
  const pieces = splitHtml(submitted);
  let rebuilt = '';
  let html = '';
  let depth = 0;
  const visible: VisibleChar[] = [];
  const spans: string[] = [];
  let current = '';
  for (const p of pieces) {
    if (p.kind === 'tag' && p.name === 'redact') {
      if (!p.closing) depth++;
      else if (depth === 0) throw mismatch();
      else if (--depth === 0) {
        if (current.trim()) spans.push(current);
        current = '';
      }
      continue;
    }
    rebuilt += p.src;
    if (depth === 0) {
      html += p.src;
      if (p.kind === 'text') readRun(p.src, visible);
      else if (p.kind === 'tag' && BREAKS.test(p.name!)) visible.push({ ch: '\n', marked: false });
      continue;
    }
    if (p.kind === 'text') {
      const chars: VisibleChar[] = [];
      readRun(p.src, chars);
      for (const v of chars) visible.push({ ch: v.ch, marked: v.ch !== '\n' && v.ch !== '\r' });
      current += chars.map((v) => v.ch).join('');
      html += blankRun(p.src);
    } else if (p.kind === 'tag') {
      if (BREAKS.test(p.name!)) {
        visible.push({ ch: '\n', marked: false });
        current += '\n';
      }
      html += p.src.replace(HREF, (_w, pre: string, dq?: string, sq?: string) => `${pre}"${REDACTED.repeat([...(dq ?? sq ?? '')].length)}"`);
    } else html += p.src;
  }
  if (depth !== 0 || rebuilt !== stored) throw mismatch();
  return { html, visible, spans };
}

const isSpace = (ch: string) => /\s/u.test(ch);

/**
 * Carries the marked characters of the HTML over to a plain form of the same comment by
 * walking both in step (the plain forms are derived from the HTML, or it from them, so they
 * differ only in whitespace). Falls back to redacting each marked passage as a string
 * when the two cannot be walked together.
 */
export function redactAligned(visible: VisibleChar[], target: string, spans: string[]): { text: string; characters: number } {
  const out = [...target];
  let i = 0;
  let j = 0;
  let characters = 0;
  let ok = true;
  while (i < visible.length && j < out.length) {
    const h = visible[i]!;
    const t = out[j]!;
    const bothSpace = isSpace(h.ch) && isSpace(t);
    if (h.ch === t || bothSpace) {
      if (h.marked && t !== '\n' && t !== '\r') {
        out[j] = REDACTED;
        characters++;
      }
      i++;
      j++;
    } else if (isSpace(t)) j++;
    else if (isSpace(h.ch)) i++;
    else {
      ok = false;
      break;
    }
  }
  if (ok && visible.slice(i).every((v) => isSpace(v.ch)) && out.slice(j).every(isSpace)) return { text: out.join(''), characters };
  const pattern = redactionPattern(spans);
  if (!pattern) return { text: target, characters: 0 };
  const r = redactPlain(target, pattern);
  return { text: r.text, characters: r.characters };
}

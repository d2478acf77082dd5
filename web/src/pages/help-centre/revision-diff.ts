import { diffWords } from 'diff';
import { sanitizeCommentHtml } from '../ticket/sanitize.ts';

// Revisions side by side (docs/web.md "Revisions"): an older text and the current one, each
// shown as safe HTML (the app's sanitizer, sanitize.ts; the article's own images shown), with
// the words that differ marked: <del> on the older side, <ins> on the current side. The
// difference is a word-level diff (jsdiff) over the text of each side, block boundaries
// counted as line breaks, then laid back onto the text nodes of the sanitized HTML.

export const ARTICLE_FILES_PREFIX = '/hc/article_attachments/';

const BLOCKS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'PRE', 'TR', 'TD', 'TH', 'BR', 'HR', 'IMG', 'TABLE', 'FIGURE']);

interface Segment {
  node: Text;
  start: number;
}

/** The text of a fragment, with "\n" at block boundaries, and where each text node starts in it. */
function textOf(root: Node): { text: string; segments: Segment[] } {
  let text = '';
  const segments: Segment[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === 3) {
      segments.push({ node: n as Text, start: text.length });
      text += (n as Text).data;
      return;
    }
    const block = n.nodeType === 1 && BLOCKS.has((n as Element).tagName);
    if (block && text && !text.endsWith('\n')) text += '\n';
    n.childNodes.forEach(walk);
    if (block && text && !text.endsWith('\n')) text += '\n';
  };
  walk(root);
  return { text, segments };
}

/** Wraps the characters [from, to) of the combined text in `tag` elements, node by node. */
function mark(segments: Segment[], ranges: [number, number][], tag: 'ins' | 'del'): void {
  for (const seg of segments) {
    const len = seg.node.data.length;
    const local = ranges
      .map(([a, b]) => [Math.max(a, seg.start) - seg.start, Math.min(b, seg.start + len) - seg.start] as [number, number])
      .filter(([a, b]) => b > a);
    if (!local.length) continue;
    const doc = seg.node.ownerDocument;
    const parent = seg.node.parentNode;
    if (!parent) continue;
    const data = seg.node.data;
    const parts = doc.createDocumentFragment();
    let at = 0;
    for (const [a, b] of local) {
      if (a > at) parts.appendChild(doc.createTextNode(data.slice(at, a)));
      const el = doc.createElement(tag);
      el.textContent = data.slice(a, b);
      parts.appendChild(el);
      at = b;
    }
    if (at < len) parts.appendChild(doc.createTextNode(data.slice(at)));
    parent.replaceChild(parts, seg.node);
  }
}

/** A sanitized HTML body as a detached element of an inert document. */
function safeTree(html: string): HTMLElement {
  const safe = sanitizeCommentHtml(html, { inline: new Map(), remote: false, ownPrefix: ARTICLE_FILES_PREFIX }).html;
  const doc = document.implementation.createHTMLDocument('');
  const box = doc.createElement('div');
  // Sanitized above; parsed in a document without a browsing context (nothing loads or runs).
  box.innerHTML = safe;
  return box;
}

export interface SideBySide {
  /** The older text, removed words in <del>. */
  before: string;
  /** The current text, added words in <ins>. */
  after: string;
  added: number;
  removed: number;
}

/** Ranges of the old and new texts that a word diff says were removed and added. */
function changedRanges(oldText: string, newText: string) {
  const removed: [number, number][] = [];
  const added: [number, number][] = [];
  let o = 0;
  let n = 0;
  let addedWords = 0;
  let removedWords = 0;
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  for (const part of diffWords(oldText, newText)) {
    const len = part.value.length;
    if (part.removed) {
      if (part.value.trim()) removed.push([o, o + len]);
      removedWords += words(part.value);
      o += len;
    } else if (part.added) {
      if (part.value.trim()) added.push([n, n + len]);
      addedWords += words(part.value);
      n += len;
    } else {
      o += len;
      n += len;
    }
  }
  return { removed, added, addedWords, removedWords };
}

/** Both bodies as safe HTML with their differences marked. */
export function bodiesSideBySide(beforeHtml: string, afterHtml: string): SideBySide {
  const a = safeTree(beforeHtml);
  const b = safeTree(afterHtml);
  const ta = textOf(a);
  const tb = textOf(b);
  const r = changedRanges(ta.text, tb.text);
  mark(ta.segments, r.removed, 'del');
  mark(tb.segments, r.added, 'ins');
  return { before: a.innerHTML, after: b.innerHTML, added: r.addedWords, removed: r.removedWords };
}

/** A title's words, as pieces to render: same, removed or added. */
export function titleDiff(before: string, after: string): { value: string; added: boolean; removed: boolean }[] {
  return diffWords(before, after).map((p) => ({ value: p.value, added: !!p.added, removed: !!p.removed }));
}

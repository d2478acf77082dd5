import type { ErasureTerm } from '../../lib/erasure-requests.ts';

// Marking a term inside a snippet. Snippets are text from the server (other people's words,
// possibly hostile): they are only ever rendered as React text nodes, cut into pieces around
// <mark> elements, never as HTML. The matching mirrors the server's (src/domain/erasure-
// requests/matching.ts): a term's tokens in order, case aside, with anything that is not a
// letter or digit between them, not inside a longer word. Phone numbers and IBANs are
// compared by their digits and letters, since people write them in many forms.

export type Range = [start: number, end: number];

const ESCAPE = /[.*+?^${}()|[\]\\/-]/g;

function tokenRanges(text: string, value: string): Range[] {
  const tokens = value.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!tokens.length) return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${tokens.map((t) => t.replace(ESCAPE, '\\$&')).join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'giu');
  return [...text.matchAll(pattern)].filter((m) => m[0]).map((m) => [m.index!, m.index! + m[0].length]);
}

function phoneRanges(text: string, value: string): Range[] {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 6) return [];
  const out: Range[] = [];
  for (const m of text.matchAll(/\+?\(?\d[\d\s().-]*\d/g)) {
    const found = m[0].replace(/\D/g, '').replace(/^0+/, '');
    // A national form (leading 0, no country code) ends the international one.
    if (found.length >= 6 && (found === digits || digits.endsWith(found))) out.push([m.index!, m.index! + m[0].length]);
  }
  return out;
}

function ibanRanges(text: string, value: string): Range[] {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  const out: Range[] = [];
  for (const m of text.matchAll(/[A-Za-z]{2}\d{2}(?:\s?[A-Za-z0-9]){11,30}/g)) {
    if (m[0].replace(/\s+/g, '').toUpperCase() === compact) out.push([m.index!, m.index! + m[0].length]);
  }
  return out;
}

/** Where a term occurs in a text. */
export function termRanges(text: string, term: Pick<ErasureTerm, 'kind' | 'value'>): Range[] {
  if (term.kind === 'phone') return phoneRanges(text, term.value);
  if (term.kind === 'iban') {
    const r = ibanRanges(text, term.value);
    if (r.length) return r;
  }
  return tokenRanges(text, term.value);
}

/** Sorted, overlapping ranges merged. */
export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * The snippet with its term marked. When the match's own term is not found in it (a form
 * the browser does not know), the request's other accepted terms are marked instead.
 */
export function Highlight({ text, term, others = [] }: { text: string; term?: Pick<ErasureTerm, 'kind' | 'value'> | null; others?: Pick<ErasureTerm, 'kind' | 'value'>[] }) {
  let ranges = term ? termRanges(text, term) : [];
  if (!ranges.length) ranges = others.flatMap((t) => termRanges(text, t));
  const merged = mergeRanges(ranges);
  const pieces: (string | { mark: string })[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) pieces.push(text.slice(at, s));
    pieces.push({ mark: text.slice(s, e) });
    at = e;
  }
  if (at < text.length) pieces.push(text.slice(at));
  return (
    <>
      {pieces.map((p, i) => (typeof p === 'string' ? p : <mark key={i}>{p.mark}</mark>))}
    </>
  );
}

import type { MatchAction, MatchLocation } from '../../shared/erasure-requests.ts';
import type { TermVariant } from './terms.ts';

// Confirming a search candidate in its text, pure. The indexes find rows whose tokens hold a
// term's phrase; here the same rule runs over the text itself: the tokens in a row, case
// aside, separated by anything that is not a letter or a digit, and not inside a longer word.
// That gives the exact strings to redact and the place to cut a snippet.

const ESCAPE = /[.*+?^${}()|[\]\\/-]/g;
const SEP = '[^\\p{L}\\p{N}]+';

/** One pattern for all the variants of some terms; null when there is nothing to look for. */
export function termPattern(variants: TermVariant[]): RegExp | null {
  const parts = [...new Set(variants.map((v) => v.tokens.map((t) => t.replace(ESCAPE, '\\$&')).join(SEP)))]
    // Longest first, so that a full name wins over a first name starting at the same place.
    .sort((a, b) => b.length - a.length);
  if (!parts.length) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

export interface Occurrence {
  index: number;
  text: string;
}

/** Every place the pattern matches in `text`, in order. */
export function occurrences(text: string, pattern: RegExp): Occurrence[] {
  pattern.lastIndex = 0;
  const out: Occurrence[] = [];
  for (const m of text.matchAll(pattern)) if (m[0]) out.push({ index: m.index!, text: m[0] });
  return out;
}

/** The distinct strings found, longest first: the order to redact them in, so a name goes before a part of it. */
export function distinctLongestFirst(found: Occurrence[]): string[] {
  const byFold = new Map<string, string>();
  for (const o of found) {
    const k = o.text.toLowerCase().replace(/\s+/g, ' ');
    if (!byFold.has(k)) byFold.set(k, o.text);
  }
  return [...byFold.values()].sort((a, b) => b.length - a.length);
}

/** How many characters of context a snippet shows on each side. */
export const SNIPPET_RADIUS = 40;

/**
 * A short extract around one occurrence, whitespace collapsed, cut at word boundaries and
 * marked with … where it was cut: enough for an agent to tell whether it is this person.
 */
export function snippetAt(text: string, at: Occurrence, radius = SNIPPET_RADIUS): string {
  let start = Math.max(0, at.index - radius);
  let end = Math.min(text.length, at.index + at.text.length + radius);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < at.index) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > at.index + at.text.length) end = space;
  }
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`;
}

/**
 * The action a match proposes (docs/erasure-requests.md step 3): the person's own tickets go with them; a
 * closed ticket cannot change and a deleted one cannot be redacted, so those are deleted
 * (erased); otherwise the string is redacted where it is.
 */
export function proposedAction(location: MatchLocation, ticket: { state: string; status: string }): MatchAction {
  if (location === 'requested_ticket') return 'erase_with_user';
  // Erasing them takes them off every CC list, closed tickets included: nothing to delete for it.
  if (location === 'cc_list') return 'remove_cc';
  if (ticket.state === 'deleted' || ticket.status === 'closed') return 'delete_ticket';
  if (location === 'subject') return 'redact_subject';
  if (location === 'attachment_name' || location === 'sent_attachment') return 'redact_attachment';
  if (location === 'tag') return 'remove_tag';
  if (location === 'custom_field') return 'clear_field';
  return 'redact';
}

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DialectCaps, HighlightMarks, TextMatch, TextSource } from '../db/dialects/caps.ts';
import type { SearchRow } from '../db/queries/search.ts';
import type { SearchHighlight } from '../shared/search.ts';
import { parseSearchQuery, type ResultType, type SearchQuery } from './syntax.ts';

// The snippets of search results (`highlights`, an Oubli extension of GET /search): where
// the query's words are in each result, marked by the database's own highlighter
// (caps.highlighter). The text is people's own words: it leaves here HTML-escaped, with
// <mark> elements the only markup, so a client may show it as HTML without trusting it.

/** Per result type, the places to look, in the order they are shown. */
const PLACES: Record<ResultType, { source: TextSource; field: SearchHighlight['field'] }[]> = {
  ticket: [
    { source: 'ticket_subject', field: 'subject' },
    { source: 'comment', field: 'comment' },
    { source: 'attachment', field: 'file_name' },
  ],
  user: [
    { source: 'user', field: 'profile' },
    { source: 'identity', field: 'identity' },
  ],
  organization: [{ source: 'organization', field: 'name' }],
  group: [{ source: 'group', field: 'name' }],
};

/** The words and phrases the query asks for (not those it excludes): what is marked. */
export function wantedTerms(q: SearchQuery): TextMatch[] {
  return q.groups.flatMap((g) => g.flatMap((i) => (!i.negated && i.clause.kind === 'text' ? [{ tokens: i.clause.tokens, prefix: i.clause.prefix }] : [])));
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The highlighter's text as escaped HTML with <mark>s, whitespace and control characters folded; null when nothing is marked. */
export function markedHtml(text: string, marks: HighlightMarks): string | null {
  if (!text.includes(marks.start)) return null;
  let html = '';
  let open = false;
  for (const part of text.split(new RegExp(`(${marks.start}|${marks.stop})`))) {
    if (part === marks.start) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === marks.stop) {
      if (open) html += '</mark>';
      open = false;
    } else html += escapeHtml(part.replace(/[\s\p{Cc}]+/gu, ' '));
  }
  if (open) html += '</mark>';
  return html.trim();
}

/**
 * The highlights of a page of results, by `type:id`. Marks are random letters and digits,
 * new for each call, so no stored text can pose as one.
 */
export async function highlightResults(db: Kysely<Database>, caps: DialectCaps, query: string, rows: SearchRow[]): Promise<Map<string, SearchHighlight[]>> {
  const out = new Map<string, SearchHighlight[]>();
  const terms = wantedTerms(parseSearchQuery(query));
  if (!terms.length || !rows.length) return out;
  const nonce = randomBytes(9).toString('hex');
  const marks: HighlightMarks = { start: `hlstart${nonce}x`, stop: `hlstop${nonce}x` };
  for (const [type, places] of Object.entries(PLACES) as [ResultType, (typeof PLACES)[ResultType]][]) {
    const ids = rows.filter((r) => r.result_type === type).map((r) => r.id);
    if (!ids.length) continue;
    for (const { source, field } of places) {
      const seen = new Set<number>();
      for (const f of await caps.highlighter.fragments(db, source, ids, terms, marks)) {
        if (seen.has(f.owner)) continue;
        const html = markedHtml(f.text, marks);
        if (html === null) continue;
        seen.add(f.owner);
        const key = `${type}:${f.owner}`;
        out.set(key, [...(out.get(key) ?? []), { field, html }]);
      }
    }
  }
  return out;
}

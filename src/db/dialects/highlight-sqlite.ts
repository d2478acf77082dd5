import { sql, type RawBuilder } from 'kysely';
import type { HighlightedText, SearchHighlighter, TextSource } from './caps.ts';
import { fts5Expression } from './search-sqlite.ts';

// Snippets of search results on SQLite: FTS5's own highlight() (a whole short text) and
// snippet() (a fragment of a long one), over the indexes of migration 003. Both read the
// text from the indexed table (external content) and tokenize it as the index does, so
// what is marked is what matched.

/** Fragments are about this many tokens long. */
const FRAGMENT_TOKENS = 24;

/** Per source: the index, how a row maps to its owner, and whether the text is shown whole. */
const SOURCES: Record<Exclude<TextSource, 'hc_revision'>, { fts: string; join?: { table: string; owner: string }; whole: boolean }> = {
  ticket_subject: { fts: 'search_tickets', whole: true },
  comment: { fts: 'search_comments', join: { table: 'comments', owner: 'ticket_id' }, whole: false },
  attachment: { fts: 'search_attachments', join: { table: 'attachments', owner: 'ticket_id' }, whole: true },
  user: { fts: 'search_users', whole: false },
  identity: { fts: 'search_identities', join: { table: 'identities', owner: 'user_id' }, whole: false },
  organization: { fts: 'search_organizations', whole: true },
  group: { fts: 'search_groups', whole: true },
  chat_message: { fts: 'search_chat_messages', join: { table: 'chat_messages', owner: 'chat_id' }, whole: false },
  // Translations of categories and sections share the index: callers pass article ids only where they searched articles.
  hc_translation: { fts: 'search_hc_translations', join: { table: 'hc_translations', owner: 'source_id' }, whole: false },
};

export const sqliteHighlighter: SearchHighlighter = {
  async fragments(db, source, ownerIds, terms, marks) {
    if (!ownerIds.length || !terms.length) return [];
    // A revision's owner (its article) is two joins away; nothing shows snippets of revisions.
    if (source === 'hc_revision') throw new Error('no snippets of revisions');
    const s = SOURCES[source];
    const fts = sql.table(s.fts);
    // Column -1: the column of the row that matches best (name, alias or notes; value or key).
    const text: RawBuilder<string> = s.whole
      ? sql`highlight(${fts}, 0, ${marks.start}, ${marks.stop})`
      : sql`snippet(${fts}, -1, ${marks.start}, ${marks.stop}, '…', ${FRAGMENT_TOKENS})`;
    const expr = fts5Expression(terms);
    const r = s.join
      ? await sql<HighlightedText>`
          select ${sql.ref(`j.${s.join.owner}`)} as owner, ${text} as text
          from ${fts} join ${sql.table(s.join.table)} j on j.id = ${fts}.rowid
          where ${fts} match ${expr} and ${sql.ref(`j.${s.join.owner}`)} in (${sql.join(ownerIds)})
          order by ${sql.ref(`j.${s.join.owner}`)}, j.id`.execute(db)
      : await sql<HighlightedText>`
          select rowid as owner, ${text} as text from ${fts}
          where ${fts} match ${expr} and rowid in (${sql.join(ownerIds)}) order by rowid`.execute(db);
    return r.rows.map((row) => ({ owner: Number(row.owner), text: String(row.text ?? '') }));
  },
};

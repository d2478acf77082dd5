import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { IndexedTable, SearchDialect, TextMatch, TextSource } from './caps.ts';

// Full-text matching on PostgreSQL: GIN indexes on to_tsvector('simple', …) expressions
// (migration 003). No extra tables or triggers: the index is part of the table, so a match
// is consistent with every committed write, and 'simple' neither stems nor drops words,
// which names and addresses need.

// The one copy of the indexed expression outside the frozen migration 003. It must stay
// identical to the migration's, character for character, or the planner cannot use the
// index (search-behaviour.test.ts and erasure-requests.test.ts check the plans).
// PostgreSQL's parser keeps `anna.k@example.com` as one token where SQLite's unicode61
// splits it; turning ASCII punctuation into spaces first makes both split text the same way.
const PUNCT = `'!"#$%&''()*+,-./:;<=>?@[\\]^_\`{|}~'`;
const SPACES = `'${' '.repeat(32)}'`;

export function tsv(text: string): RawBuilder<unknown> {
  return sql.raw(`to_tsvector('simple'::regconfig, translate(${text}, ${PUNCT}, ${SPACES}))`);
}

/** `<indexed text> @@ <query>`: true where the text matches any of the terms. */
function matches(text: string, terms: TextMatch[]): RawBuilder<unknown> {
  return sql`${tsv(text)} @@ to_tsquery('simple'::regconfig, ${tsqueryText(terms)})`;
}

/** The ASCII punctuation the index turns into spaces, as one string. */
export const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** A tsquery in to_tsquery syntax: each term a phrase (`<->`), terms OR-ed, `:*` for a prefix. */
export function tsqueryText(terms: TextMatch[]): string {
  return terms
    .map((t) => {
      const last = t.tokens.length - 1;
      // Tokens are letters and digits only, so quoting them needs no escapes.
      const parts = t.tokens.map((tok, i) => `'${tok}'${t.prefix && i === last ? ':*' : ''}`);
      return `(${parts.join(' <-> ')})`;
    })
    .join(' | ');
}

export const SOURCES: Record<TextSource, { table: string; id: string; text: string; extra?: string }> = {
  ticket_subject: { table: 'tickets', id: 'id', text: 'subject' },
  comment: { table: 'comments', id: 'ticket_id', text: 'plain_body' },
  // Uploads not yet used in a comment belong to no ticket and are not searchable.
  attachment: { table: 'attachments', id: 'ticket_id', text: 'file_name', extra: 'ticket_id is not null' },
  user: { table: 'users', id: 'id', text: `coalesce(name, '') || ' ' || coalesce(alias, '') || ' ' || coalesce(notes, '')` },
  identity: { table: 'identities', id: 'user_id', text: `value || ' ' || value_key` },
  organization: { table: 'organizations', id: 'id', text: 'name' },
  group: { table: 'groups', id: 'id', text: 'name' },
  // Migration 2026-12-02-001's index: the same expression over the message's body.
  chat_message: { table: 'chat_messages', id: 'chat_id', text: 'body' },
  // Migration 2026-12-02-006's indexes: an article's translations, and the text their saves replaced.
  hc_translation: { table: 'hc_translations', id: 'source_id', text: 'search_text', extra: "source_type = 'article'" },
  hc_revision: {
    table: 'hc_revisions',
    id: '(select t.source_id from hc_translations t where t.id = translation_id)',
    text: 'search_text',
    extra: "translation_id in (select t.id from hc_translations t where t.source_type = 'article')",
  },
};

const ROW_TEXT: Record<IndexedTable, string> = {
  tickets: 'subject',
  comments: 'plain_body',
  attachments: 'file_name',
  chat_messages: 'body',
  hc_translations: 'search_text',
  hc_revisions: 'search_text',
};

export const postgresSearch: SearchDialect = {
  idsMatching(source, terms) {
    const s = SOURCES[source];
    const extra = s.extra ? sql.raw(` and ${s.extra}`) : sql``;
    const id = s.id.startsWith('(') ? sql.raw(s.id) : sql.ref(s.id);
    return sql`select ${id} from ${sql.table(s.table)} where ${matches(s.text, terms)}${extra}`;
  },
  rowsMatching(table, terms, range) {
    const within = range ? sql` and id > ${range.after} and id <= ${range.upTo}` : sql``;
    return sql`select id from ${sql.table(table)} where ${matches(ROW_TEXT[table], terms)}${within}`;
  },
  // PostgreSQL keeps statistics and chooses well on its own.
  filterOnly: (column) => column,
};

/** The GIN index `search_<table>` over `column` (DialectCaps.createTextIndex). */
export async function createTextIndexPostgres(db: Kysely<any>, table: string, column: string): Promise<void> {
  await sql`create index ${sql.raw(`search_${table}`)} on ${sql.table(table)} using gin ((${tsv(column)}))`.execute(db);
}

import { sql, type RawBuilder } from 'kysely';
import type { SearchDialect, TextMatch, TextSource } from '../queries/search.ts';

// Full-text matching on PostgreSQL: GIN indexes on to_tsvector('simple', …) expressions
// (migration 003). No extra tables or triggers: the index is part of the table, so a match
// is consistent with every committed write, and 'simple' neither stems nor drops words,
// which names and addresses need.

// Must stay identical to the migration's expression, character for character, or the
// planner cannot use the index (search.test.ts checks the plan).
const PUNCT = `'!"#$%&''()*+,-./:;<=>?@[\\]^_\`{|}~'`;
const SPACES = `'${' '.repeat(32)}'`;

function tsv(text: string): RawBuilder<unknown> {
  return sql.raw(`to_tsvector('simple'::regconfig, translate(${text}, ${PUNCT}, ${SPACES}))`);
}

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

const SOURCES: Record<TextSource, { table: string; id: string; text: string; extra?: string }> = {
  ticket_subject: { table: 'tickets', id: 'id', text: 'subject' },
  comment: { table: 'comments', id: 'ticket_id', text: 'plain_body' },
  // Uploads not yet used in a comment belong to no ticket and are not searchable.
  attachment: { table: 'attachments', id: 'ticket_id', text: 'file_name', extra: 'ticket_id is not null' },
  user: { table: 'users', id: 'id', text: `coalesce(name, '') || ' ' || coalesce(alias, '') || ' ' || coalesce(notes, '')` },
  identity: { table: 'identities', id: 'user_id', text: `value || ' ' || value_key` },
  organization: { table: 'organizations', id: 'id', text: 'name' },
  group: { table: 'groups', id: 'id', text: 'name' },
};

export const postgresSearch: SearchDialect = {
  idsMatching(source, terms) {
    const s = SOURCES[source];
    const extra = s.extra ? sql.raw(` and ${s.extra}`) : sql``;
    return sql`select ${sql.ref(s.id)} from ${sql.table(s.table)} where ${tsv(s.text)} @@ to_tsquery('simple'::regconfig, ${tsqueryText(terms)})${extra}`;
  },
  // PostgreSQL keeps statistics and chooses well on its own.
  filterOnly: (column) => column,
};

import { sql, type RawBuilder } from 'kysely';
import type { SearchDialect, TextMatch, TextSource } from '../queries/search.ts';

// Full-text matching on SQLite: FTS5 external-content indexes (migration 003), one per
// indexed table, kept by triggers. The index rowid is the row's id.

/** One FTS5 phrase per term, OR-ed: `"anna k example com" OR "slipp" *`. */
export function fts5Expression(terms: TextMatch[]): string {
  // Tokens are runs of letters and digits only, so nothing inside the quotes needs escaping;
  // FTS5 re-tokenizes the phrase with the index's own tokenizer.
  return terms.map((t) => `"${t.tokens.join(' ')}"${t.prefix ? ' *' : ''}`).join(' OR ');
}

const FTS_TABLE: Record<TextSource, string> = {
  ticket_subject: 'search_tickets',
  comment: 'search_comments',
  attachment: 'search_attachments',
  user: 'search_users',
  identity: 'search_identities',
  organization: 'search_organizations',
  group: 'search_groups',
};

function matching(source: TextSource, terms: TextMatch[]): RawBuilder<unknown> {
  const fts = sql.table(FTS_TABLE[source]);
  return sql`select rowid from ${fts} where ${fts} match ${fts5Expression(terms)}`;
}

export const sqliteSearch: SearchDialect = {
  idsMatching(source, terms) {
    const rows = matching(source, terms);
    switch (source) {
      case 'comment':
        return sql`select c.ticket_id from comments c where c.id in (${rows})`;
      case 'attachment':
        // Uploads not yet used in a comment belong to no ticket and are not searchable.
        return sql`select a.ticket_id from attachments a where a.id in (${rows}) and a.ticket_id is not null`;
      case 'identity':
        return sql`select i.user_id from identities i where i.id in (${rows})`;
      default:
        return rows;
    }
  },
  // Unary + keeps the value and hides the column from index selection.
  filterOnly: (column) => sql`+${column}`,
};

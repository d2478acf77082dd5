import type { ColumnFate } from './types.ts';
import { data, personal, type AreaMap, type TableFate, type TableName } from './types.ts';

// The full-text indexes (migration 2026-11-22-003-search). On SQLite each is an FTS5
// external-content table plus its shadow tables, kept in step with its source by triggers
// (and with `secure-delete` on, so deleted tokens leave the file): erasing or scrubbing the
// source row rewrites the index in the same transaction. On PostgreSQL they are expression
// indexes, which are not tables at all.

/**
 * The FTS5 table for `source`, its indexed columns, and its shadow tables. `text` is the
 * fate of the indexed text: personal, or data for organizations' and groups' names.
 */
function fts(source: TableName, columns: string[], text: ColumnFate = personal): Record<string, TableFate> {
  const derived = (cols: Record<string, ColumnFate>): TableFate => ({ columns: cols, derivedFrom: source, onlyOn: 'sqlite' });
  const name = `search_${source}`;
  return {
    [name]: derived(Object.fromEntries(columns.map((c) => [c, text]))),
    // Tokens of the indexed text.
    [`${name}_data`]: derived({ id: data, block: text }),
    [`${name}_idx`]: derived({ segid: data, term: text, pgno: data }),
    [`${name}_config`]: derived({ k: data, v: data }),
  };
}

// Not in schema.ts (they are not queried through Kysely's types), hence the cast.
export const searchMap = {
  // The indexes that owe a purge (migration 2026-12-04-001): index names and times only.
  search_index_purges: { columns: { index_name: data, since: data }, onlyOn: 'sqlite' },
  ...fts('tickets', ['subject']),
  ...fts('comments', ['plain_body']),
  ...fts('attachments', ['file_name']),
  ...fts('users', ['name', 'alias', 'notes']),
  ...fts('identities', ['value', 'value_key']),
  ...fts('organizations', ['name'], data),
  ...fts('groups', ['name'], data),
  ...fts('chat_messages', ['body']),
  ...fts('hc_translations', ['search_text'], data),
  ...fts('hc_revisions', ['search_text'], data),
  ...fts('hc_article_comments', ['body']),
  ...fts('hc_posts', ['search_text']),
  ...fts('hc_post_comments', ['search_text']),
} as unknown as AreaMap;

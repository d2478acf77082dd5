import type { Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// SQLite's full-text indexes that owe a purge (src/domain/redaction/purge-search-indexes.ts):
// an erasure that removes a large share of an index deletes without FTS5's secure-delete in
// its batches, which leaves the removed tokens in old index pages, and writes a row here in
// the same commit; the purge rewrites the index into one b-tree without them and deletes the
// row in its own commit. A row left by a crash is purged by the next erasure or sweep.
// Names and times only. PostgreSQL's indexes need no such step, so the table is SQLite's.

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  if (!caps.searchIndexUpkeep) return;
  await db.schema
    .createTable('search_index_purges')
    .addColumn('index_name', 'text', (c) => c.primaryKey())
    .addColumn('since', 'text', (c) => c.notNull())
    .execute();
}

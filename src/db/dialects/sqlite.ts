import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';
import type { DialectCaps } from './caps.ts';
import { dropNotNullSqlite } from './sqlite-schema.ts';
import { BUSY_TIMEOUT_MS, ImmediateSqliteDialect, WRITE_LOCK_WAIT_MS } from './sqlite-immediate.ts';
import { sqliteSearch, sqliteSearchUpkeep, createTextIndexSqlite } from './search-sqlite.ts';
import { sqliteCatalog } from './sqlite-catalog.ts';
import { sqliteHighlighter } from './highlight-sqlite.ts';

/** SQLite's capabilities. */
export const sqliteCaps: DialectCaps = {
  name: 'sqlite',
  idType: 'integer',
  blobType: 'blob',
  rowLocks: false,
  // One id is an equality: with statistics of a small table the planner would scan it for an IN.
  idsIn: (column, ids) =>
    ids.length === 1 ? sql<SqlBool>`${sql.ref(column)} = ${ids[0]}` : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`,
  changeNotifications: false,
  createTextIndex: createTextIndexSqlite,
  dropNotNull: dropNotNullSqlite,
  search: sqliteSearch,
  highlighter: sqliteHighlighter,
  searchIndexUpkeep: sqliteSearchUpkeep,
  // The main file and its write-ahead log (none for an in-memory database).
  async databaseFiles(db) {
    const r = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db);
    const main = r.rows[0]?.file ?? '';
    return main ? [main, `${main}-wal`] : [];
  },
  catalog: sqliteCatalog,
};

/** The embedded database file inside the data directory. */
export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'oubli.db');
}

/**
 * Opens the embedded database with the settings erasure depends on. Its read-write
 * transactions begin IMMEDIATE (sqlite-immediate.ts), so other processes can write beside it.
 */
export function openSqlite(file: string, opts: { writeLockWaitMs?: number } = {}): { db: Kysely<Database>; raw: SQLite.Database } {
  if (file !== ':memory:') mkdirSync(join(file, '..'), { recursive: true });
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  // Per connection and not stored: without it deleted text stays in free pages of the file,
  // readable with a hex editor after an erasure.
  raw.pragma('secure_delete = ON');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // A commit is on disk before Oubli answers for it (the SMTP 250, the HTTP 201): in WAL mode
  // FULL syncs the log at every commit, NORMAL only at checkpoints, so a power loss could
  // drop mail already acknowledged (docs/operations.md, "Durable commits").
  raw.pragma('synchronous = FULL');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(raw, opts.writeLockWaitMs ?? WRITE_LOCK_WAIT_MS) });
  return { db, raw };
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { BUSY_TIMEOUT_MS, ImmediateSqliteDialect, WRITE_LOCK_WAIT_MS } from './sqlite-immediate.ts';

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
  // Per connection and not stored: without it deleted text stays in free pages (NOTES.md).
  raw.pragma('secure_delete = ON');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  raw.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(raw, opts.writeLockWaitMs ?? WRITE_LOCK_WAIT_MS) });
  return { db, raw };
}

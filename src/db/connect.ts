import { Migrator, sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { postgresCaps, sqliteCaps, type DialectCaps } from './dialects/caps.ts';
import { openSqlite, sqliteFile } from './dialects/sqlite.ts';
import { openPostgres } from './dialects/postgres.ts';
import { migrationProvider } from './migrations/index.ts';
import { AppError } from '../errors.ts';

export interface Store {
  db: Kysely<Database>;
  caps: DialectCaps;
  /** Where the embedded database lives (null on PostgreSQL). */
  sqlitePath: string | null;
  /** The PostgreSQL schema this store is confined to, when not the default. */
  pgSchema?: string;
  /** Forces the WAL back into the main file so deleted bytes leave the -wal file too. */
  checkpoint(): Promise<{ busy: boolean }>;
  close(): Promise<void>;
}

/** Opens the database named by the config: PostgreSQL when a URL is given, else SQLite in dataDir. */
export async function openStore(opts: { databaseUrl?: string; dataDir: string; pgSchema?: string }): Promise<Store> {
  if (opts.databaseUrl) {
    const db = openPostgres(opts.databaseUrl, opts.pgSchema);
    try {
      await sql`select 1`.execute(db);
    } catch (err) {
      await db.destroy();
      throw new AppError('invalid_request', `cannot reach the PostgreSQL database: ${(err as Error).message}`);
    }
    return {
      db,
      caps: postgresCaps,
      sqlitePath: null,
      pgSchema: opts.pgSchema,
      async checkpoint() {
        return { busy: false };
      },
      close: () => db.destroy(),
    };
  }
  const file = sqliteFile(opts.dataDir);
  const { db, raw } = openSqlite(file);
  return {
    db,
    caps: sqliteCaps,
    sqlitePath: file,
    async checkpoint() {
      const row = raw.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return { busy: (row[0]?.busy ?? 0) !== 0 };
    },
    close: () => db.destroy(),
  };
}

/** Brings the schema up to date. Safe to run on every start, from several servers at once on PostgreSQL. */
export async function migrate(store: Store): Promise<void> {
  // Kysely looks for its lock table in every schema; confine it to ours so that test
  // schemas on one server don't see each other's.
  const migrator = new Migrator({
    db: store.db,
    provider: migrationProvider(store.caps),
    ...(store.pgSchema ? { migrationTableSchema: store.pgSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError('invalid_request', `migration ${failed} failed: ${(error as Error).message}`);
  }
}

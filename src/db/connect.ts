import { Migrator, sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { DialectCaps } from './dialects/caps.ts';
import { openSqlite, sqliteCaps, sqliteFile } from './dialects/sqlite.ts';
import { analyzeWithoutSamples, dropStatisticsSamples } from './dialects/sqlite-statistics.ts';
import { openPostgres, postgresCaps } from './dialects/postgres.ts';
import { postgresChangeFeed } from './dialects/changes-postgres.ts';
import { sqliteChangeFeed } from './dialects/changes-sqlite.ts';
import type { ChangeFeed } from './change-feed.ts';
import { migrationProvider } from './migrations/index.ts';
import { AppError } from '../errors.ts';
import { isBusy } from './errors.ts';
import { keepValuesOutOfPostgresStatistics } from './dialects/postgres-statistics.ts';
import type { StatisticsPolicy, StatisticsReport } from './statistics-policy.ts';
// The erasure map is the schema's own declaration of what is personal (pure data, typed
// against schema.ts); the statistics step reads it so that it cannot drift from the map.
import { erasureMap } from '../domain/erasure/map/index.ts';
import { personalColumns, plainColumns } from '../domain/erasure/graph.ts';

export interface Store {
  db: Kysely<Database>;
  caps: DialectCaps;
  /** Where the embedded database lives (null on PostgreSQL). */
  sqlitePath: string | null;
  /** The PostgreSQL schema this store is confined to, when not the default. */
  pgSchema?: string;
  /**
   * Run after every erasure, redaction and permanent delete: drops planner samples of
   * values (SQLite's sqlite_stat4), then forces the WAL back into the main file so deleted
   * bytes leave the -wal file too.
   */
  checkpoint(): Promise<{ busy: boolean }>;
  /**
   * Keeps personal values out of the planner's statistics (PostgreSQL: targets of personal
   * columns 0, old rows removed; SQLite: samples of indexes that are not all plain dropped).
   * migrate() runs it every time.
   */
  keepValuesOutOfStatistics(policy: StatisticsPolicy): Promise<StatisticsReport>;
  /** Committed changes and short-lived messages, shared by every server on this database (the live feed). */
  changes: ChangeFeed;
  /**
   * Whether a commit this process was told of survives a power loss, read from the
   * database's own setting (docs/operations.md, "Durable commits").
   */
  durability(): Promise<{ durable: boolean; setting: string }>;
  close(): Promise<void>;
}

/** Opens the database named by the config: PostgreSQL when a URL is given, else SQLite in dataDir. */
export async function openStore(opts: { databaseUrl?: string; dataDir: string; pgSchema?: string }): Promise<Store> {
  if (opts.databaseUrl) {
    const db = openPostgres(opts.databaseUrl, opts.pgSchema);
    let schema: string;
    try {
      const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
      schema = r.rows[0]?.s ?? 'public';
    } catch (err) {
      await db.destroy();
      throw new AppError('invalid_request', `cannot reach the PostgreSQL database: ${(err as Error).message}`);
    }
    const changes = postgresChangeFeed(opts.databaseUrl, schema);
    return {
      db,
      caps: postgresCaps,
      sqlitePath: null,
      pgSchema: opts.pgSchema,
      async checkpoint() {
        return { busy: false };
      },
      keepValuesOutOfStatistics: (policy) => keepValuesOutOfPostgresStatistics(db, policy.personal),
      changes,
      async durability() {
        const r = await sql<{ v: string }>`select current_setting('synchronous_commit') as v`.execute(db);
        const v = r.rows[0]?.v ?? 'unknown';
        // `off` acknowledges before the log is flushed; every other value flushes it locally first.
        return { durable: v !== 'off', setting: `synchronous_commit = ${v}` };
      },
      async close() {
        await changes.close();
        await db.destroy();
      },
    };
  }
  const file = sqliteFile(opts.dataDir);
  const { db, raw } = openSqlite(file);
  const { plain } = statisticsPolicy('sqlite');
  // Gives the planner statistics on a database that has grown (SQLite's advice for
  // long-lived connections); cheap when nothing changed. Without samples of personal values:
  // they would be copies out of reach of erasure.
  analyzeWithoutSamples(raw, plain);
  const changes = sqliteChangeFeed(db);
  return {
    db,
    caps: sqliteCaps,
    sqlitePath: file,
    async checkpoint() {
      // Another process holding the write lock past the busy timeout: the checkpoint still
      // runs, and reports busy so the next one (the sweep's) finishes the job.
      let samplesBusy = false;
      try {
        dropStatisticsSamples(raw, plain);
      } catch (err) {
        if (!isBusy(err)) throw err;
        samplesBusy = true;
      }
      const row = raw.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return { busy: samplesBusy || (row[0]?.busy ?? 0) !== 0 };
    },
    keepValuesOutOfStatistics: async (policy) => ({ targetsSet: 0, cleared: dropStatisticsSamples(raw, policy.plain), left: [] }),
    changes,
    async durability() {
      const level = Number(raw.pragma('synchronous', { simple: true }));
      const name = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][level] ?? String(level);
      // In WAL mode FULL syncs the log at every commit; NORMAL only at checkpoints.
      return { durable: level >= 2, setting: `synchronous = ${name}` };
    },
    async close() {
      await changes.close();
      await db.destroy();
    },
  };
}

/**
 * Brings the schema up to date, then keeps the personal columns of the erasure map out of
 * the planner's statistics (every time, so a new column follows the map). Safe to run on
 * every start, from several servers at once on PostgreSQL.
 */
export async function migrate(store: Store): Promise<{ statistics: StatisticsReport }> {
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
  return { statistics: await store.keepValuesOutOfStatistics(statisticsPolicy(store.caps.name)) };
}

/** What the planner's statistics may hold on this database, from the erasure map. */
export function statisticsPolicy(dialect: 'sqlite' | 'postgres'): StatisticsPolicy {
  return { personal: personalColumns(erasureMap, dialect), plain: plainColumns(erasureMap, dialect) };
}

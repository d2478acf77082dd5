import { setTimeout as sleep } from 'node:timers/promises';
import type SQLite from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { isBusy } from '../errors.ts';
import { AppError } from '../../errors.ts';
import { cachingStatements } from './sqlite-statements.ts';

// Writers from other processes (`oubli sweep`, `oubli import-mail` beside a running
// server). SQLite allows one writer at a time. A plain `begin` is deferred: the
// transaction reads first and asks for the write lock at its first write, and when another
// process has committed in between, SQLite refuses that upgrade at once (SQLITE_BUSY, no
// waiting: the snapshot the transaction read is stale). So every read-write transaction
// begins IMMEDIATE, taking the write lock before it reads anything; nothing has been done
// yet when the lock is refused, which makes BEGIN the one place that is always safe to
// retry. Transactions that ask for 'read only' stay deferred and never wait.

/** How long a single statement outside a transaction waits for the write lock (blocking). */
export const BUSY_TIMEOUT_MS = 5_000;
/** How long BEGIN waits inside SQLite before handing the event loop back for a moment. */
const BEGIN_SLICE_MS = 20;
/**
 * How long a write transaction keeps trying to begin before it gives up with a 503. Every
 * writer's transactions are short (sweeps and imports work one item per transaction), so
 * reaching this means something holds the database far longer than Oubli ever does.
 */
export const WRITE_LOCK_WAIT_MS = 30_000;

/** `begin immediate`, retried until WRITE_LOCK_WAIT_MS, without blocking the event loop for long. */
async function beginImmediate(raw: SQLite.Database, connection: DatabaseConnection, waitMs: number): Promise<void> {
  const deadline = performance.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    // SQLite's own busy handler waits in short sleeps but blocks the thread: only a short
    // slice of it, so that HTTP requests are served while another process writes.
    raw.pragma(`busy_timeout = ${BEGIN_SLICE_MS}`);
    try {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      return;
    } catch (err) {
      if (!isBusy(err)) throw err;
      if (performance.now() > deadline) throw new AppError('unavailable', 'The database is busy; try again in a moment.');
    } finally {
      raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
    // A little jitter, so two processes that both wait do not retry in step.
    await sleep(Math.min(2 + attempt, 25) * (0.5 + Math.random()));
  }
}

/** Kysely's better-sqlite3 driver with read-write transactions that begin IMMEDIATE. */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    private readonly raw: SQLite.Database,
    private readonly waitMs: number,
  ) {
    // Each statement prepared once (sqlite-statements.ts).
    super({ database: cachingStatements(raw) as unknown as SQLite.Database });
  }

  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    if (settings?.accessMode === 'read only') {
      await connection.executeQuery(CompiledQuery.raw('begin deferred'));
      return;
    }
    await beginImmediate(this.raw, connection, this.waitMs);
  }
}

/** The SQLite dialect as Kysely has it, with the driver above. */
export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly raw: SQLite.Database,
    private readonly waitMs: number,
  ) {
    super({ database: raw });
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.raw, this.waitMs);
  }
}

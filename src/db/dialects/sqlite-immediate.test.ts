import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import SQLite from 'better-sqlite3';
import { openSqlite } from './sqlite.ts';
import { AppError } from '../../errors.ts';

// Two handles on one database file stand for the server and a CLI process: `other` is a
// plain better-sqlite3 connection, `db` is Oubli's own.

type Any = Kysely<any>;

describe('SQLite write transactions begin IMMEDIATE', () => {
  let dir: string;
  let db: Any;
  let other: SQLite.Database;
  const open = (writeLockWaitMs?: number) => openSqlite(join(dir, 'oubli.db'), { writeLockWaitMs }).db as unknown as Any;
  const count = async () => Number((await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]!.n);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oubli-immediate-'));
    db = open();
    other = new SQLite(join(dir, 'oubli.db'));
    other.exec('create table t (id integer primary key, v text)');
  });
  afterEach(async () => {
    other.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for another process to commit instead of failing, and then reads what it wrote', async () => {
    other.exec("begin immediate; insert into t (v) values ('theirs')");
    setTimeout(() => other.exec('commit'), 150);
    const started = performance.now();
    const seen = await db.transaction().execute(async (trx) => {
      const n = Number((await sql<{ n: number }>`select count(*) as n from t`.execute(trx)).rows[0]!.n);
      await sql`insert into t (v) values ('ours')`.execute(trx);
      return n;
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    // The transaction began after their commit, so its read was not stale.
    expect(seen).toBe(1);
    expect(await count()).toBe(2);
  });

  it('holds the write lock from BEGIN: nobody writes between its read and its write', async () => {
    other.pragma('busy_timeout = 0');
    let refused = '';
    await db.transaction().execute(async (trx) => {
      await sql`select count(*) from t`.execute(trx);
      try {
        other.exec("insert into t (v) values ('sneaks in')");
      } catch (err) {
        refused = (err as { code: string }).code;
      }
      await sql`insert into t (v) values ('ours')`.execute(trx);
    });
    expect(refused).toBe('SQLITE_BUSY');
    expect(await count()).toBe(1);
  });

  it('gives up with a 503 error after its wait, having changed nothing', async () => {
    await db.destroy();
    db = open(200);
    other.exec("begin immediate; insert into t (v) values ('theirs')");
    const err = await db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into t (v) values ('ours')`.execute(trx);
      })
      .catch((e: unknown) => e);
    other.exec('rollback');
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(503);
    expect(await count()).toBe(0);
  });

  it('lets read-only transactions run while another process writes', async () => {
    other.exec("begin immediate; insert into t (v) values ('theirs')");
    try {
      const started = performance.now();
      const n = await db
        .transaction()
        .setAccessMode('read only')
        .execute(async (trx) => Number((await sql<{ n: number }>`select count(*) as n from t`.execute(trx)).rows[0]!.n));
      expect(n).toBe(0);
      expect(performance.now() - started).toBeLessThan(100);
    } finally {
      other.exec('rollback');
    }
  });
});

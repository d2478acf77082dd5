import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, dbKinds, type TestStore } from '../../../test/db.ts';
import { MAX_NAMED, namingStatements } from './pg-statements.ts';

// Statements named by their text are prepared once per connection (pg-statements.ts): the
// server's own list of a session's prepared statements shows which were, and a statement
// whose table changed shape under it runs again unprepared, or, in a transaction, fails once
// and works on a fresh connection.

describe.skipIf(!dbKinds.includes('postgres'))('named statements on PostgreSQL', () => {
  let t: TestStore;
  let db: Kysely<any>;
  beforeEach(async () => {
    t = await createTestStore('postgres');
    // One connection, so that every statement below runs in the same session.
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool: namingStatements(new pg.Pool({ connectionString: t.databaseUrl, max: 1 })) }) });
  });
  afterEach(async () => {
    await db.destroy();
    await t.destroy();
  });

  const prepared = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'k%'`.execute(db)).rows.map((r) => r.statement);

  it('prepares a read once and runs it again without parsing; leaves DDL, transaction control and lists of data unnamed', async () => {
    for (let i = 0; i < 3; i++) await db.selectFrom('users').select('id').where('id', '=', i).execute();
    await sql`create temporary table scratch (x int)`.execute(db);
    await db.selectFrom('users').select('id').where('id', 'in', Array.from({ length: 50 }, (_, i) => i)).execute();
    await db.transaction().execute(async (trx) => trx.selectFrom('users').select('id').where('id', '=', 1).execute());
    const list = await prepared();
    expect(list.filter((s) => s === 'select "id" from "users" where "id" = $1')).toHaveLength(1);
    expect(list.filter((s) => /scratch|^begin|^commit| in \(/i.test(s))).toEqual([]);
  });

  it('survives the server ending a connection while it is checked out, and works on a new one', async () => {
    // Unheard, the client's 'error' event would be an uncaught exception: the server would stop.
    const uncaught: unknown[] = [];
    const note = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', note);
    try {
      const admin = new pg.Client({ connectionString: t.databaseUrl });
      await admin.connect();
      await expect(
        db.connection().execute(async (c) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(c);
          await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
          await new Promise((r) => setTimeout(r, 200));
          await sql`select 1`.execute(c);
        }),
      ).rejects.toThrow();
      await admin.end();
      expect(uncaught).toEqual([]);
      expect((await sql<{ n: number }>`select 1 as n`.execute(db)).rows).toEqual([{ n: 1 }]);
    } finally {
      process.off('uncaughtException', note);
    }
  });

  it('names no more than its bound of statements on one connection', async () => {
    for (let i = 0; i < MAX_NAMED + 20; i++) await sql`select ${i}::int as n, ${sql.lit(i)} as k`.execute(db);
    expect((await prepared()).length).toBeLessThanOrEqual(MAX_NAMED);
    // Beyond the bound the statements still run, unnamed.
    expect((await sql<{ n: number }>`select ${7}::int as n, ${sql.lit(MAX_NAMED + 5)} as k`.execute(db)).rows[0]!.n).toBe(7);
  });

  it('survives a table changing shape under a prepared statement (a migration beside a running server)', async () => {
    await sql`create table shape (a int)`.execute(db);
    await sql`insert into shape values (1)`.execute(db);
    const read = (d: Kysely<any> = db) => sql<Record<string, number>>`select * from shape`.execute(d);
    expect((await read()).rows).toEqual([{ a: 1 }]);
    await sql`alter table shape add column b int default 2`.execute(db);
    // Outside a transaction the statement is simply run again, unprepared.
    expect((await read()).rows).toEqual([{ a: 1, b: 2 }]);
    expect((await read()).rows).toEqual([{ a: 1, b: 2 }]);
    // Inside one, the transaction fails once; the connection is then replaced, and all is well.
    await sql`alter table shape add column c int default 3`.execute(db);
    await expect(db.transaction().execute((trx) => read(trx))).rejects.toMatchObject({ code: '0A000' });
    expect((await db.transaction().execute((trx) => read(trx))).rows).toEqual([{ a: 1, b: 2, c: 3 }]);
  });
});

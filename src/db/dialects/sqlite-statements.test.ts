import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ImmediateSqliteDialect } from './sqlite-immediate.ts';
import { cachingStatements } from './sqlite-statements.ts';

describe('prepared statements kept by SQL text', () => {
  it('prepares each text once, and a statement that failed runs again', async () => {
    const raw = new SQLite(':memory:');
    let prepared = 0;
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((source: string) => {
      prepared++;
      return prepare(source);
    }) as typeof raw.prepare;
    const db = new Kysely<any>({ dialect: new ImmediateSqliteDialect(raw, 1000) });
    await sql`create table t (id integer primary key, v text not null unique)`.execute(db);
    const before = prepared;
    for (let i = 0; i < 5; i++) await db.insertInto('t').values({ v: `x${i}` }).execute();
    expect(prepared - before).toBe(1);
    // A constraint error leaves the statement reusable.
    await expect(db.insertInto('t').values({ v: 'x0' }).execute()).rejects.toThrow(/UNIQUE/);
    await db.insertInto('t').values({ v: 'x9' }).execute();
    expect(prepared - before).toBe(1);
    expect((await db.selectFrom('t').select('v').orderBy('id').execute()).map((r) => r.v)).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x9']);
    await db.destroy();
  });

  it('drops the least recently used text past its bound, and never hands out a busy statement', () => {
    const raw = new SQLite(':memory:');
    const c = cachingStatements(raw, 2);
    const a = c.prepare('select 1');
    c.prepare('select 2');
    expect(c.prepare('select 1')).toBe(a);
    c.prepare('select 3');
    expect(c.cached()).toBe(2);
    const kept = c.prepare('select 3');
    const iter = kept.iterate();
    iter.next();
    const other = c.prepare('select 3');
    expect(other).not.toBe(kept);
    expect(other.busy).toBe(false);
    iter.return?.();
    expect(c.prepare('select 3')).toBe(kept);
    c.close();
  });
});

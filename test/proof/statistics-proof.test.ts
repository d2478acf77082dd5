import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { erasureMap } from '../../src/domain/erasure/map/index.ts';
import { personalColumns } from '../../src/domain/erasure/graph.ts';
import { personalTargets } from '../../src/db/dialects/postgres-statistics.ts';
import { openStore } from '../../src/db/connect.ts';
import { statisticsRows, statisticsTargets, turnStatisticsOn } from '../../src/db/queries/statistics.ts';
import { eraseThroughApi, hitsOnDisk, newMarker, plantEverywhere } from './plant.ts';
import { analyzeOwnTables, markerInPgStatistic, markerInPgStats, markerInSqliteSamples } from './scan-statistics.ts';

// docs/erasure-proof.md for the planner's statistics (issue 9, docs/erasure-proof.md): the marker is
// planted everywhere (plant.ts), the statistics are collected the ways they are collected in
// production — SQLite's PRAGMA optimize when a connection opens, an operator's ANALYZE,
// PostgreSQL's ANALYZE (autovacuum) — and after the erasure no statistic holds it. Each
// protection is then switched off to show the marker really reaches the statistics.

describe('statistics you can prove [sqlite]', () => {
  let t: TestApp;
  let m: string;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
    m = newMarker();
  });
  afterEach(async () => {
    await t.close();
  });

  it('collects no sample of her when a connection opens (PRAGMA optimize), and erases to zero bytes', async () => {
    const p = await plantEverywhere(t, m);
    // A second process opening the database (a restart, `oubli sweep`) analyzes it.
    await (await openStore({ dataDir: t.store.dataDir })).close();
    const stat1 = await sql<{ n: number }>`select count(*) as n from sqlite_stat1 where tbl in ('identities', 'user_tags', 'search_users_idx')`.execute(t.store.db);
    expect(Number(stat1.rows[0]!.n)).toBeGreaterThanOrEqual(3);
    expect(await markerInSqliteSamples(t.store.db, m)).toEqual([]);
    await eraseThroughApi(t, m, p);
    expect(hitsOnDisk(t.store.dataDir, m)).toEqual([]);
  });

  it("drops the samples of an operator's ANALYZE with the erasure", async () => {
    const p = await plantEverywhere(t, m);
    await sql`analyze`.execute(t.store.db);
    // The samples really hold her: addresses and tags.
    const sampled = await markerInSqliteSamples(t.store.db, m);
    expect(sampled).toEqual(expect.arrayContaining(['identities.identities_value_key', 'ticket_tags.ticket_tags_tag', 'user_tags.sqlite_autoindex_user_tags_1']));
    await eraseThroughApi(t, m, p);
    expect(await markerInSqliteSamples(t.store.db, m)).toEqual([]);
    expect(hitsOnDisk(t.store.dataDir, m)).toEqual([]);
    // The counts stay for the planner.
    expect(Number((await sql<{ n: number }>`select count(*) as n from sqlite_stat1`.execute(t.store.db)).rows[0]!.n)).toBeGreaterThan(0);
  });

  it('finds the marker in the file when the samples are kept (the old PRAGMA optimize, a bare checkpoint)', async () => {
    const p = await plantEverywhere(t, m);
    // How Oubli collected statistics before issue 9: the samples stay in sqlite_stat4.
    await sql`pragma optimize = 0x10002`.execute(t.store.db);
    expect((await markerInSqliteSamples(t.store.db, m)).length).toBeGreaterThan(0);
    // The removal step without its statistics half: only the WAL checkpoint.
    t.store.checkpoint = async () => {
      const r = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(t.store.db);
      return { busy: r.rows[0]!.busy !== 0 };
    };
    await eraseThroughApi(t, m, p);
    expect((await markerInSqliteSamples(t.store.db, m)).length).toBeGreaterThan(0);
    expect(hitsOnDisk(t.store.dataDir, m).map((h) => h.file)).toEqual(['oubli.db']);
  });
});

describe('statistics you can prove [postgres]', () => {
  const pg = process.env.TEST_DATABASE_URL;
  let t: TestApp;
  let m: string;
  beforeEach(async () => {
    if (!pg) return;
    t = await createTestApp('postgres');
    m = newMarker();
  });
  afterEach(async () => {
    if (pg) await t.close();
  });

  it.skipIf(!pg)('stores no statistic of a personal column, before or after the erasure', async () => {
    const schema = t.store.pgSchema!;
    const p = await plantEverywhere(t, m);
    await analyzeOwnTables(t.store.db, 'postgres');
    const rows = await statisticsRows(t.store.db);
    // ANALYZE ran (ids, states and times have statistics), but no personal column has any.
    expect(rows).toEqual(expect.arrayContaining(['users.role', 'tickets.status', 'comments.ticket_id']));
    const personal = personalTargets(await statisticsTargets(t.store.db), personalColumns(erasureMap, 'postgres')).map((x) => `${x.relation}.${x.column}`);
    expect(personal).toEqual(expect.arrayContaining(['users.name', 'identities.value_key', 'comments.plain_body', 'search_comments.to_tsvector']));
    expect(rows.filter((r) => personal.includes(r))).toEqual([]);
    expect(await markerInPgStats(t.store.db, schema, m)).toEqual([]);
    expect(await markerInPgStatistic(t.store.db, m)).toBe(0);

    await eraseThroughApi(t, m, p);
    await analyzeOwnTables(t.store.db, 'postgres');
    expect(await markerInPgStats(t.store.db, schema, m)).toEqual([]);
    expect(await markerInPgStatistic(t.store.db, m)).toBe(0);
  });

  it.skipIf(!pg)('finds the marker in pg_stats after the erasure when the targets are the default', async () => {
    const schema = t.store.pgSchema!;
    const targets = personalTargets(await statisticsTargets(t.store.db), personalColumns(erasureMap, 'postgres'));
    for (const target of targets) await turnStatisticsOn(t.store.db, target);
    const p = await plantEverywhere(t, m);
    await analyzeOwnTables(t.store.db, 'postgres');
    const before = await markerInPgStats(t.store.db, schema, m);
    expect(before).toEqual(expect.arrayContaining(['users.name', 'identities.value', 'search_comments.to_tsvector']));
    await eraseThroughApi(t, m, p);
    // Nothing reads the rows any more, but until the next ANALYZE the statistics still name her.
    expect(await markerInPgStats(t.store.db, schema, m)).toEqual(before);
    expect(await markerInPgStatistic(t.store.db, m)).toBeGreaterThan(0);
  });
});

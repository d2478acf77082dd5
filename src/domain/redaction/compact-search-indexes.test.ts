import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { ftsSegments } from '../../db/dialects/search-sqlite.ts';
import { seedTicket } from '../../../test/factories/index.ts';
import { runSweeps } from '../../jobs/sweeps.ts';
import { compactSearchIndexes } from './compact-search-indexes.ts';

describeEachDb('compacting the full-text indexes', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  async function seed(n: number) {
    const rq = await t.contact();
    // One transaction per ticket, as the helpdesk writes: each adds index segments.
    for (let i = 0; i < n; i++) await seedTicket(t, { requesterId: rq, subject: `subject ${i}`, comments: [`word${i} common`] });
  }

  it('merges the segments in bounded steps, and search still finds everything', async () => {
    await seed(30);
    if (kind === 'postgres') {
      expect(await compactSearchIndexes(t.ctx)).toEqual({ indexes: [], steps: 0 });
      return;
    }
    const before = await ftsSegments(t.store.db, 'search_comments');
    expect(before.segments).toBeGreaterThan(1);
    // A tiny budget: the merge starts and stops part way.
    const partial = await compactSearchIndexes(t.ctx, { pageBudget: 1, stepPages: 1 });
    expect(partial.steps).toBe(1);
    for (let i = 0; i < 20; i++) await compactSearchIndexes(t.ctx, { pageBudget: 2, stepPages: 1 });
    const r = await compactSearchIndexes(t.ctx);
    expect(r.indexes.every((i) => i.after <= 1)).toBe(true);
    expect(await ftsSegments(t.store.db, 'search_comments')).toEqual({ segments: 1, merging: false });
    expect(await ftsSegments(t.store.db, 'search_tickets')).toEqual({ segments: 1, merging: false });
    expect((await t.call('GET', '/api/v2/search/count?query=common')).body.count).toBe(30);
    expect((await t.call('GET', '/api/v2/search/count?query=word17')).body.count).toBe(1);
    // Nothing left to do: no step runs.
    expect(await compactSearchIndexes(t.ctx)).toMatchObject({ steps: 0 });
  });

  it('pays, in the sweep, the purge an interrupted erasure left owing', async () => {
    await seed(5);
    const upkeep = t.store.caps.searchIndexUpkeep;
    if (!upkeep) {
      expect((await runSweeps(t.ctx, { dryRun: false })).maintenance).toBeUndefined();
      return;
    }
    // An erasure's batch that committed with secure-delete deferred, and then the process died.
    await t.store.db.transaction().execute(async (trx) => {
      await upkeep.deferSecureDelete(trx, t.clock.now().toISOString());
      await trx.deleteFrom('comments').where('plain_body', '=', 'word3 common').execute();
      await upkeep.resumeSecureDelete(trx);
    });
    expect(await upkeep.owedPurges(t.store.db)).toContain('search_comments');
    const r = await runSweeps(t.ctx, { dryRun: false });
    expect(r.maintenance).toEqual(expect.arrayContaining(['purged search_comments of the tokens an interrupted erasure deleted']));
    expect(await upkeep.owedPurges(t.store.db)).toEqual([]);
    expect(await ftsSegments(t.store.db, 'search_comments')).toEqual({ segments: 1, merging: false });
    expect((await t.call('GET', '/api/v2/search/count?query=common')).body.count).toBe(4);
  });

  it('runs as a step of the sweep, reported apart from the retention lines', async () => {
    await seed(10);
    const dry = await runSweeps(t.ctx, { dryRun: true });
    expect(dry.maintenance).toBeUndefined();
    const r = await runSweeps(t.ctx, { dryRun: false });
    expect(r.lines).toEqual([]);
    if (kind === 'sqlite') {
      expect(r.maintenance).toEqual(expect.arrayContaining([expect.stringMatching(/^merged search_comments: \d+ segments, now 1$/)]));
      expect((await runSweeps(t.ctx, { dryRun: false })).maintenance).toBeUndefined();
    } else expect(r.maintenance).toBeUndefined();
  });
});

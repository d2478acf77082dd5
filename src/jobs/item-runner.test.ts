import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { enqueueItemJob } from './item-runner.ts';
import { itemJobHandlers } from './registry.ts';

// A runner that crashed after an item of a job over bodies committed, but before it wrote
// the item's result, left a record made that no result names. The runner that resumes the
// job finds it by its audit event (which names the job and the item's index) and reports it
// with its id; it must not create it a second time.

describeEachDb('a resumed job over bodies creates nothing twice', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  /** Two bodies for each job type, and how to count what they made. Every type must be here. */
  const cases: Record<string, { items: () => Promise<unknown[]>; count: () => Promise<number> }> = {
    create_many_users: {
      items: async () => [
        { name: 'Once', email: 'once@example.test' },
        { name: 'Twice', email: 'twice@example.test' },
      ],
      count: async () => (await t.store.db.selectFrom('users').select('id').where('name', 'in', ['Once', 'Twice']).execute()).length,
    },
    create_or_update_many_users: {
      items: async () => [
        { name: 'Once', email: 'once@example.test' },
        { name: 'Twice', email: 'twice@example.test' },
      ],
      count: async () => (await t.store.db.selectFrom('users').select('id').where('name', 'in', ['Once', 'Twice']).execute()).length,
    },
    create_many_tickets: {
      items: async () => {
        const requester = await t.contact();
        return [
          { subject: 'Once', requester_id: requester, comment: { body: 'a' } },
          { subject: 'Twice', requester_id: requester, comment: { body: 'b' } },
        ];
      },
      count: async () => (await t.store.db.selectFrom('tickets').select('id').where('subject', 'in', ['Once', 'Twice']).execute()).length,
    },
  };

  it('covers every job type over bodies', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(itemJobHandlers).sort());
  });

  for (const type of Object.keys(itemJobHandlers)) {
    it(`${type}: the item made before the crash is reported with its id, the rest run`, async () => {
      const c = cases[type]!;
      const items = await c.items();
      const owner = t.as(t.owner);
      const jobId = await enqueueItemJob(owner, type, items);
      await t.store.db
        .updateTable('jobs')
        .set({ status: 'working', claimed_by: 'runner-dead', claimed_until: new Date(t.clock.now().getTime() - 1000).toISOString() })
        .where('id', '=', jobId)
        .execute();
      // The dead runner made the first item and died before writing its result.
      const made = await itemJobHandlers[type]!.run({ ...owner, jobId, jobItem: 0 }, items[0]);
      expect(await c.count()).toBe(1);

      expect(await t.drainJobs()).toBe(1);
      const job = (await t.call('GET', `/api/v2/job_statuses/${jobId}`)).body.job_status;
      expect(job).toMatchObject({ status: 'completed', progress: 2, total: 2 });
      expect(job.results).toEqual([
        { id: made.id, index: 0, action: 'create', status: 'Created', success: true },
        { id: expect.any(Number), index: 1, action: 'create', status: 'Created', success: true },
      ]);
      expect(job.results[1].id).not.toBe(made.id);
      expect(await c.count()).toBe(2);
    });
  }

  it('a stopping server hands the job back after an item, and the next run finishes it without repeating it', async () => {
    const jobId = await enqueueItemJob(t.as(t.owner), 'create_many_users', [{ name: 'Once' }, { name: 'Twice' }]);
    let asked = 0;
    const { runQueuedJobs } = await import('./runner.ts');
    await runQueuedJobs(t.ctx, { stopping: () => ++asked > 2 });
    const handed = await t.store.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(handed).toMatchObject({ status: 'queued', progress: 1, claimed_by: null });
    expect(await t.drainJobs()).toBe(1);
    const job = (await t.call('GET', `/api/v2/job_statuses/${jobId}`)).body.job_status;
    expect(job.results.map((r: { index: number; success: boolean }) => [r.index, r.success])).toEqual([
      [0, true],
      [1, true],
    ]);
    expect((await t.store.db.selectFrom('users').select('id').where('name', 'in', ['Once', 'Twice']).execute()).length).toBe(2);
  });
});

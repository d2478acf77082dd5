import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { enqueueBulkJob, runQueuedJobs } from '../runner.ts';
import { bulkJobHandlers } from '../registry.ts';

// A runner that crashed after an item's action committed but before it wrote the item's
// result left that item done and unrecorded. For every bulk job type, the runner that
// resumes the job must report it done (the item's audit event names the job), not run it
// again and report "Not found".

describeEachDb('a resumed bulk job reports what the crashed runner did', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const ticket = async () => {
    const requester = await t.contact();
    const r = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Help', requester_id: requester, comment: { body: 'Please' } } });
    expect(r.status).toBe(201);
    return r.body.ticket.id as number;
  };
  const ok = async (method: string, url: string) => expect((await t.call(method, url)).status).toBeLessThan(300);

  /** An item each job type can act on. Every type must be here: a new one fails this test until added. */
  const setups: Record<string, () => Promise<number>> = {
    bulk_delete_users: () => t.contact(),
    bulk_restore_users: async () => {
      const id = await t.contact();
      await ok('DELETE', `/api/v2/users/${id}`);
      return id;
    },
    bulk_erase_users: async () => {
      const id = await t.contact();
      await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Mine', requester_id: id, comment: { body: 'x' } } });
      await ok('DELETE', `/api/v2/users/${id}`);
      return id;
    },
    bulk_delete_tickets: ticket,
    bulk_mark_spam: ticket,
    bulk_update_tickets: ticket,
    bulk_update_users: () => t.contact(),
    bulk_not_spam: async () => {
      const id = await ticket();
      await ok('PUT', `/api/v2/tickets/${id}/mark_as_spam`);
      return id;
    },
    bulk_erase_deleted_tickets: async () => {
      const id = await ticket();
      await ok('DELETE', `/api/v2/tickets/${id}`);
      return id;
    },
    bulk_erase_spam_tickets: async () => {
      const id = await ticket();
      await ok('PUT', `/api/v2/tickets/${id}/mark_as_spam`);
      return id;
    },
  };

  /** What a job type is queued with besides its ids. */
  const options: Record<string, Record<string, unknown>> = {
    bulk_update_tickets: { changes: { priority: 'high', additional_tags: ['resumed'] } },
    bulk_update_users: { changes: { notes: 'Resumed' } },
  };

  it('covers every bulk job type', () => {
    expect(Object.keys(setups).sort()).toEqual(Object.keys(bulkJobHandlers).sort());
  });

  for (const type of Object.keys(bulkJobHandlers)) {
    it(`${type}: the item done before the crash is reported done, the rest run`, async () => {
      const handler = bulkJobHandlers[type]!;
      const done = await setups[type]!();
      const left = await setups[type]!();
      const owner = t.as(t.owner);
      const jobId = await enqueueBulkJob(owner, type, [done, left], options[type]);
      // The dead runner: it claimed the job, committed the first item, and died before
      // writing its result; its lease has run out.
      await t.store.db
        .updateTable('jobs')
        .set({ status: 'working', claimed_by: 'runner-dead', claimed_until: new Date(t.clock.now().getTime() - 1000).toISOString() })
        .where('id', '=', jobId)
        .execute();
      await handler.run({ ...owner, jobId }, done, options[type] ?? {});

      expect(await t.drainJobs()).toBe(1);
      const job = (await t.call('GET', `/api/v2/job_statuses/${jobId}`)).body.job_status;
      expect(job).toMatchObject({ status: 'completed', progress: 2, total: 2 });
      expect(job.results).toEqual([
        { id: done, action: handler.action, status: handler.doneStatus, success: true },
        { id: left, action: handler.action, status: handler.doneStatus, success: true },
      ]);
      // Each item was acted on once, and its event names the job.
      const events = await t.store.db
        .selectFrom('audit_events')
        .select(['subject_id', 'job_id'])
        .where('action', '=', handler.event.action)
        .where('subject_type', '=', handler.event.subjectType)
        .where('subject_id', 'in', [done, left])
        .orderBy('id')
        .execute();
      expect(events).toEqual([
        { subject_id: done, job_id: jobId },
        { subject_id: left, job_id: jobId },
      ]);
    });
  }

  it('a stopping server hands a bulk job back with its results, and the next run finishes it', async () => {
    const a = await ticket();
    const b = await ticket();
    const jobId = await enqueueBulkJob(t.as(t.owner), 'bulk_delete_tickets', [a, b]);
    let asked = 0;
    // Stops after the first item: asked once before the claim, then once per item.
    await runQueuedJobs(t.ctx, { stopping: () => ++asked > 2 });
    const handed = await t.store.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(handed).toMatchObject({ status: 'queued', progress: 1, claimed_by: null });
    expect(await t.drainJobs()).toBe(1);
    const job = (await t.call('GET', `/api/v2/job_statuses/${jobId}`)).body.job_status;
    expect(job).toMatchObject({ status: 'completed', progress: 2 });
    expect(job.results.map((r: { id: number; success: boolean }) => [r.id, r.success])).toEqual([
      [a, true],
      [b, true],
    ]);
  });
});

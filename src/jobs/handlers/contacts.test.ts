import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';

describeEachDb('bulk delete and restore of users', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  async function deletedAt(id: number) {
    return (await t.store.db.selectFrom('users').select('deleted_at').where('id', '=', id).executeTakeFirstOrThrow()).deleted_at;
  }

  it('deletes many as a job with progress and per-id results, a failing id included', async () => {
    const a = await t.contact();
    const b = await t.contact();
    const r = await t.call('DELETE', `/api/v2/users/destroy_many.json?ids=${a}%2C${t.owner.id},${b},99999`);
    expect(r.status).toBe(200);
    const job = r.body.job_status;
    expect(job).toMatchObject({ job_type: 'bulk_delete_users', status: 'queued', total: 4, progress: 0, results: null });
    expect(typeof job.id).toBe('string');
    expect(await deletedAt(a)).toBeNull();

    expect(await t.drainJobs()).toBe(1);
    const done = (await t.call('GET', `/api/v2/job_statuses/${job.id}`)).body.job_status;
    expect(done).toMatchObject({ status: 'completed', progress: 4, total: 4 });
    expect(done.results).toEqual([
      { id: a, action: 'delete', status: 'Deleted', success: true },
      { id: t.owner.id, action: 'delete', status: 'Failed', success: false, error: expect.stringContaining('owner') },
      { id: b, action: 'delete', status: 'Deleted', success: true },
      { id: 99999, action: 'delete', status: 'Failed', success: false, error: 'Not found' },
    ]);
    expect(done.message).toContain('2 of 4 failed');
    expect(await deletedAt(a)).not.toBeNull();
    expect(await deletedAt(b)).not.toBeNull();
    expect(await deletedAt(t.owner.id)).toBeNull();
  });

  it('bulk delete is for admins only; bad ids are a 400 and queue nothing', async () => {
    const agent = await t.staff('agent');
    const a = await t.contact();
    const denied = await t.call('DELETE', `/api/v2/users/destroy_many?ids=${a}`, undefined, agent);
    expect(denied.status).toBe(403);
    expect((await t.call('DELETE', '/api/v2/users/destroy_many?ids=1,x')).status).toBe(400);
    expect((await t.call('DELETE', '/api/v2/users/destroy_many')).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect((await t.call('DELETE', `/api/v2/users/destroy_many?ids=${many}`)).status).toBe(400);
    expect(await t.drainJobs()).toBe(0);
    expect(await deletedAt(a)).toBeNull();
  });

  it('restores many as a job; a contact whose address was taken fails alone', async () => {
    const a = await t.contact({ email: 'a@example.test' });
    const b = await t.contact({ email: 'b@example.test' });
    const live = await t.contact();
    await t.call('DELETE', `/api/v2/users/destroy_many?ids=${a},${b}`);
    await t.drainJobs();
    await t.contact({ email: 'b@example.test' });
    const agent = await t.staff('agent');
    const r = await t.call('PUT', `/api/v2/deleted_users/restore_many.json?ids=${a},${b},${live}`, undefined, agent);
    expect(r.body.job_status).toMatchObject({ job_type: 'bulk_restore_users', total: 3 });
    await t.drainJobs();
    const done = (await t.call('GET', `/api/v2/job_statuses/${r.body.job_status.id}`)).body.job_status;
    expect(done.results).toEqual([
      { id: a, action: 'restore', status: 'Restored', success: true },
      { id: b, action: 'restore', status: 'Failed', success: false, error: expect.stringContaining('email address') },
      { id: live, action: 'restore', status: 'Failed', success: false, error: 'Not found' },
    ]);
    expect(JSON.stringify(done)).not.toContain('b@example');
    expect(await deletedAt(a)).toBeNull();
    expect(await deletedAt(b)).not.toBeNull();
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { allRows, countRows } from '../../../test/reads.ts';

// Zendesk's bulk user endpoints: users/create_many, create_or_update, create_or_update_many
// and both forms of update_many, as jobs with a result per item.

describeEachDb('bulk user endpoints', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const job = async (id: string) => (await t.call('GET', `/api/v2/job_statuses/${id}`)).body.job_status;
  const run = async (r: { status: number; body: any }) => {
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.job_status.status).toBe('queued');
    expect(await t.drainJobs()).toBe(1);
    return job(r.body.job_status.id);
  };
  const user = async (id: number) => (await t.call('GET', `/api/v2/users/${id}`)).body.user;

  it('create_many makes each user, reports each by index, and names no one in its results', async () => {
    const taken = await t.contact({ name: 'Taken', email: 'taken@example.test' });
    const r = await t.call('POST', '/api/v2/users/create_many.json', {
      users: [
        { name: 'Ann One', email: 'ann@example.test', external_id: 'crm-1' },
        { name: 'Bob Two', email: 'taken@example.test' },
        { name: 'Cy Three', role: 'end-user', tags: ['vip'] },
      ],
    });
    const done = await run(r);
    expect(done).toMatchObject({ job_type: 'create_many_users', status: 'completed', total: 3, progress: 3 });
    const [a, b, c] = done.results;
    expect(a).toEqual({ id: expect.any(Number), index: 0, action: 'create', status: 'Created', success: true });
    expect(b).toMatchObject({ index: 1, action: 'create', status: 'Failed', success: false });
    expect(b.error).toContain('already being used');
    expect(JSON.stringify(done)).not.toContain('taken@example.test');
    expect(c).toMatchObject({ index: 2, status: 'Created', success: true });
    expect(await user(a.id)).toMatchObject({ name: 'Ann One', email: 'ann@example.test', external_id: 'crm-1' });
    expect(await user(c.id)).toMatchObject({ name: 'Cy Three', tags: ['vip'] });
    expect(await countRows(t, 'users', { id: taken })).toBe(1);
    // The bodies leave the job when it ends; the ids it made stay.
    const row = await t.store.db.selectFrom('jobs').select('payload').where('id', '=', r.body.job_status.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.payload)).toEqual({ ids: [a.id, c.id] });
    // Each creation is audited as POST /users is, naming the job and the item's index.
    const events = await t.store.db.selectFrom('audit_events').select(['subject_id', 'job_id', 'details']).where('action', '=', 'user.created').where('job_id', '=', r.body.job_status.id).orderBy('id').execute();
    expect(events.map((e) => [e.subject_id, JSON.parse(e.details!).job_item])).toEqual([
      [a.id, 0],
      [c.id, 2],
    ]);
  });

  it('refuses a whole create_many with a bad entry, too many entries, or a role the caller may not create', async () => {
    const agent = await t.staff('agent');
    const before = await allRows(t);
    const bad = await t.call('POST', '/api/v2/users/create_many', { users: [{ name: 'Fine' }, { name: '' }, { email: 3 }] });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.details).sort()).toEqual(['users[1].name', 'users[2].email', 'users[2].name']);
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `P${i}` }));
    const tooMany = await t.call('POST', '/api/v2/users/create_many', { users: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.description).toContain('at most 100');
    for (const body of [{}, { users: [] }, { users: {} }, { users: [1] }, { user: { name: 'x' } }]) {
      expect((await t.call('POST', '/api/v2/users/create_many', body)).status, JSON.stringify(body)).toBe(400);
    }
    const admin = await t.call('POST', '/api/v2/users/create_many', { users: [{ name: 'Boss', role: 'admin' }] }, agent);
    expect(admin.status).toBe(403);
    expect(await allRows(t)).toEqual(before);
    // 100 is allowed.
    const ok = await t.call('POST', '/api/v2/users/create_many', { users: many.slice(0, 100) });
    expect(ok.body.job_status.total).toBe(100);
  });

  it('create_or_update answers 201 with a new user and 200 with the one matched by email or external id', async () => {
    const created = await t.call('POST', '/api/v2/users/create_or_update', { user: { name: 'Dee', email: 'Dee@Example.test' } });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(created.body.user.url);
    const id = created.body.user.id;
    const byEmail = await t.call('POST', '/api/v2/users/create_or_update', { user: { email: 'dee@example.test', notes: 'Called' } });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.user).toMatchObject({ id, name: 'Dee', notes: 'Called' });
    await t.call('PUT', `/api/v2/users/${id}`, { user: { external_id: 'ext-9' } });
    const byExternal = await t.call('POST', '/api/v2/users/create_or_update', { user: { external_id: 'ext-9', name: 'Dee Renamed', email: 'new@example.test' } });
    expect(byExternal.status).toBe(200);
    expect(byExternal.body.user).toMatchObject({ id, name: 'Dee Renamed', email: 'new@example.test' });
    // No match and no name: nothing to create.
    const nameless = await t.call('POST', '/api/v2/users/create_or_update', { user: { email: 'nobody@example.test' } });
    expect(nameless.status).toBe(422);
    expect(Object.keys(nameless.body.details)).toEqual(['name']);
    // A deleted contact is not matched: her address was released, so a new user gets it.
    const gone = await t.contact({ name: 'Gone', email: 'gone@example.test' });
    expect((await t.call('DELETE', `/api/v2/users/${gone}`)).status).toBe(200);
    const fresh = await t.call('POST', '/api/v2/users/create_or_update', { user: { name: 'Back', email: 'gone@example.test' } });
    expect(fresh.status).toBe(201);
    expect(fresh.body.user.id).not.toBe(gone);
  });

  it('create_or_update_many creates or updates each, reporting which', async () => {
    const existing = await t.contact({ name: 'Eve', email: 'eve@example.test' });
    const done = await run(
      await t.call('POST', '/api/v2/users/create_or_update_many', {
        users: [
          { email: 'eve@example.test', name: 'Eve Updated' },
          { name: 'Fay', email: 'fay@example.test' },
          { email: 'unnamed@example.test' },
        ],
      }),
    );
    expect(done.results).toEqual([
      { id: existing, index: 0, action: 'update', status: 'Updated', success: true },
      { id: expect.any(Number), index: 1, action: 'create', status: 'Created', success: true },
      { index: 2, action: 'create', status: 'Failed', success: false, error: expect.stringContaining('name: cannot be blank') },
    ]);
    expect((await user(existing)).name).toBe('Eve Updated');
  });

  it('update_many: the same changes for ?ids=, or each its own in {users: [{id, …}]}', async () => {
    const a = await t.contact();
    const b = await t.contact();
    const agent = await t.staff('agent');
    const same = await run(await t.call('PUT', `/api/v2/users/update_many.json?ids=${a},${b},999999`, { user: { notes: 'Bulk', tags: ['x'] } }));
    expect(same.results).toEqual([
      { id: a, action: 'update', status: 'Updated', success: true },
      { id: b, action: 'update', status: 'Updated', success: true },
      { id: 999999, action: 'update', status: 'Failed', success: false, error: 'Not found' },
    ]);
    expect(await user(a)).toMatchObject({ notes: 'Bulk', tags: ['x'] });
    // The list form; an agent may not change an admin (refused in its result), the rest go on.
    const each = await run(
      await t.call(
        'PUT',
        '/api/v2/users/update_many',
        { users: [{ id: a, notes: 'First' }, { id: t.owner.id, notes: 'Owner' }, { id: b, name: 'Bee' }] },
        agent,
      ),
    );
    expect(each.results.map((r: any) => [r.id, r.success])).toEqual([
      [a, true],
      [t.owner.id, false],
      [b, true],
    ]);
    expect(await user(a)).toMatchObject({ notes: 'First' });
    expect(await user(b)).toMatchObject({ name: 'Bee', notes: 'Bulk' });
    expect((await user(t.owner.id)).notes).not.toBe('Owner');
    // An address already used is refused without naming it in the results.
    await t.contact({ email: 'used@example.test' });
    const clash = await run(await t.call('PUT', '/api/v2/users/update_many', { users: [{ id: a, email: 'used@example.test' }] }));
    expect(clash.results[0]).toMatchObject({ id: a, success: false });
    expect(JSON.stringify(clash)).not.toContain('used@example.test');
  });

  it('update_many refuses both forms at once, duplicate ids, and bad entries, changing nothing', async () => {
    const a = await t.contact();
    const before = await allRows(t);
    const both = await t.call('PUT', `/api/v2/users/update_many?ids=${a}`, { users: [{ id: a, notes: 'x' }] });
    expect(both.status).toBe(400);
    const twice = await t.call('PUT', '/api/v2/users/update_many', { users: [{ id: a, notes: 'x' }, { id: a, notes: 'y' }] });
    expect(twice.status).toBe(400);
    const noId = await t.call('PUT', '/api/v2/users/update_many', { users: [{ notes: 'x' }] });
    expect(noId.status).toBe(422);
    expect(Object.keys(noId.body.details)).toEqual(['users[0].id']);
    expect((await t.call('PUT', '/api/v2/users/update_many', { user: { notes: 'x' } })).status).toBe(400);
    expect((await t.call('PUT', `/api/v2/users/update_many?ids=${a}`, { user: { role: 'boss' } })).status).toBe(422);
    expect(await allRows(t)).toEqual(before);
  });
});

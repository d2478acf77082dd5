import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { postTicket } from '../../../test/factories/index.ts';
import { allRows } from '../../../test/reads.ts';

// POST /tickets/create_many and the list form of PUT /tickets/update_many (the ?ids= form
// is tickets-update-many.test.ts), as jobs.

describeEachDb('bulk ticket endpoints', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const job = async (id: string) => (await t.call('GET', `/api/v2/job_statuses/${id}`)).body.job_status;
  const ticket = async (id: number) => (await t.call('GET', `/api/v2/tickets/${id}`)).body.ticket;

  it('create_many creates each ticket as POST /tickets would, with a result per index', async () => {
    const requester = await t.contact();
    const r = await t.call('POST', '/api/v2/tickets/create_many', {
      tickets: [
        { subject: 'One', requester_id: requester, comment: { body: 'First' }, tags: ['a'] },
        { subject: 'Two', requester_id: 999999, comment: { body: 'Nobody asked' } },
        { subject: 'Three', requester: { name: 'New Person', email: 'new-person@example.test' }, comment: { body: 'Third' }, priority: 'high' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.job_status).toMatchObject({ job_type: 'create_many_tickets', status: 'queued', total: 3 });
    expect(await t.drainJobs()).toBe(1);
    const done = await job(r.body.job_status.id);
    expect(done.results).toEqual([
      { id: expect.any(Number), index: 0, action: 'create', status: 'Created', success: true },
      { index: 1, action: 'create', status: 'Failed', success: false, error: expect.any(String) },
      { id: expect.any(Number), index: 2, action: 'create', status: 'Created', success: true },
    ]);
    expect(await ticket(done.results[0].id)).toMatchObject({ subject: 'One', requester_id: requester, description: 'First', tags: ['a'] });
    const third = await ticket(done.results[2].id);
    expect(third).toMatchObject({ subject: 'Three', priority: 'high' });
    expect((await t.call('GET', `/api/v2/users/${third.requester_id}`)).body.user.email).toBe('new-person@example.test');
    expect(JSON.stringify(done)).not.toMatch(/new-person|Nobody asked|First/);
    const row = await t.store.db.selectFrom('jobs').select('payload').where('id', '=', r.body.job_status.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.payload)).toEqual({ ids: [done.results[0].id, done.results[2].id] });
  });

  it('update_many with {tickets: [{id, …}]} gives each ticket its own changes, a comment among them', async () => {
    const requester = await t.contact();
    const a = await postTicket(t, { subject: 'A', requester_id: requester });
    const b = await postTicket(t, { subject: 'B', requester_id: requester });
    const closed = await postTicket(t, { subject: 'C', requester_id: requester, status: 'solved' });
    expect((await t.call('PUT', `/api/v2/tickets/${closed.id}/close`)).status).toBe(200);
    const r = await t.call('PUT', '/api/v2/tickets/update_many.json', {
      tickets: [
        { id: a.id, status: 'pending', comment: { body: 'We are on it', public: false } },
        { id: closed.id, priority: 'low' },
        { id: b.id, subject: 'B renamed', priority: 'urgent' },
      ],
    });
    expect(r.status).toBe(200);
    await t.drainJobs();
    const done = await job(r.body.job_status.id);
    expect(done.results).toEqual([
      { id: a.id, action: 'update', status: 'Updated', success: true },
      { id: closed.id, action: 'update', status: 'Failed', success: false, error: 'Status closed prevents ticket update' },
      { id: b.id, action: 'update', status: 'Updated', success: true },
    ]);
    expect(await ticket(a.id)).toMatchObject({ status: 'pending', subject: 'A' });
    expect(await ticket(b.id)).toMatchObject({ subject: 'B renamed', priority: 'urgent', status: 'new' });
    const comments = (await t.call('GET', `/api/v2/tickets/${a.id}/comments`)).body.comments;
    expect(comments.at(-1)).toMatchObject({ body: 'We are on it', public: false });
    const row = await t.store.db.selectFrom('jobs').select('payload').where('id', '=', r.body.job_status.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.payload)).toEqual({ ids: [a.id, closed.id, b.id] });
  });

  it('refuses bad bulk ticket bodies whole, changing nothing', async () => {
    const requester = await t.contact();
    const a = await postTicket(t, { subject: 'A', requester_id: requester });
    const agentless = await t.contact();
    const before = await allRows(t);
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/v2/tickets/create_many', { tickets: [{ subject: 'x', comment: { body: 'y' } }, { status: 'sideways' }] }, 422],
      ['POST', '/api/v2/tickets/create_many', { tickets: Array.from({ length: 101 }, () => ({ comment: { body: 'y' } })) }, 400],
      ['POST', '/api/v2/tickets/create_many', { ticket: { comment: { body: 'y' } } }, 400],
      ['PUT', `/api/v2/tickets/update_many?ids=${a.id}`, { tickets: [{ id: a.id, priority: 'low' }] }, 400],
      ['PUT', '/api/v2/tickets/update_many', { tickets: [{ id: a.id }, { id: a.id, priority: 'low' }] }, 400],
      ['PUT', '/api/v2/tickets/update_many', { tickets: [{ priority: 'low' }] }, 422],
      ['PUT', '/api/v2/tickets/update_many', { tickets: [{ id: a.id, priority: 'soon' }] }, 422],
      ['PUT', `/api/v2/tickets/update_many?ids=${a.id}`, { ticket: { assignee_id: agentless } }, 422],
    ];
    for (const [method, url, body, status] of cases) {
      const r = await t.call(method, url, body);
      expect(r.status, `${method} ${url} ${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(r.body)}`).toBe(status);
    }
    const bad = await t.call('POST', '/api/v2/tickets/create_many', { tickets: [{ comment: { body: 'y' } }, { status: 'sideways' }] });
    expect(Object.keys(bad.body.details)).toEqual(['tickets[1].status']);
    expect(await allRows(t)).toEqual(before);
  });
});

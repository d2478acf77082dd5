import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { insertGroup, postTicket } from '../../../test/factories/index.ts';
import { allRows, countRows } from '../../../test/reads.ts';

// PUT /tickets/update_many (Zendesk's bulk update): one job, each ticket updated as a single
// PUT /tickets/{id} would be, with a result per ticket.

describeEachDb('PUT /tickets/update_many', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const job = async (id: string) => (await t.call('GET', `/api/v2/job_statuses/${id}`)).body.job_status;

  it('changes status, priority, assignee, group and tags of each ticket, refusing a closed one in its result', async () => {
    const requester = await t.contact();
    const agent = await t.staff('agent');
    const group = await insertGroup(t, 'Billing');
    const a = await postTicket(t, { subject: 'A', requester_id: requester, tags: ['keep', 'old'] });
    const b = await postTicket(t, { subject: 'B', requester_id: requester, tags: ['old'] });
    const closed = await postTicket(t, { subject: 'C', requester_id: requester, status: 'solved' });
    expect((await t.call('PUT', `/api/v2/tickets/${closed.id}/close`)).status).toBe(200);

    const r = await t.call('PUT', `/api/v2/tickets/update_many.json?ids=${a.id},${closed.id},${b.id}`, {
      ticket: { status: 'pending', priority: 'urgent', assignee_id: agent.id, group_id: group, additional_tags: ['VIP'], remove_tags: ['old'] },
    });
    expect(r.status).toBe(200);
    expect(r.body.job_status).toMatchObject({ job_type: 'bulk_update_tickets', status: 'queued', total: 3 });
    expect(await t.drainJobs()).toBe(1);

    const done = await job(r.body.job_status.id);
    expect(done).toMatchObject({ status: 'completed', progress: 3, total: 3 });
    expect(done.results).toEqual([
      { id: a.id, action: 'update', status: 'Updated', success: true },
      { id: closed.id, action: 'update', status: 'Failed', success: false, error: 'Status closed prevents ticket update' },
      { id: b.id, action: 'update', status: 'Updated', success: true },
    ]);
    for (const [id, tags] of [
      [a.id, ['keep', 'vip']],
      [b.id, ['vip']],
    ] as const) {
      const tk = (await t.call('GET', `/api/v2/tickets/${id}`)).body.ticket;
      expect(tk).toMatchObject({ status: 'pending', priority: 'urgent', assignee_id: agent.id, group_id: group, tags });
    }
    const c = (await t.call('GET', `/api/v2/tickets/${closed.id}`)).body.ticket;
    expect(c).toMatchObject({ status: 'closed', priority: null, assignee_id: null });

    // Audited as single updates are: a ticket audit with the changed fields, and an event naming the job.
    const events = await t.store.db.selectFrom('audit_events').select(['subject_id', 'job_id', 'details']).where('action', '=', 'ticket.updated').orderBy('id').execute();
    expect(events.map((e) => [e.subject_id, e.job_id])).toEqual([
      [a.id, r.body.job_status.id],
      [b.id, r.body.job_status.id],
    ]);
    expect(JSON.parse(events[0]!.details!).fields).toEqual(expect.arrayContaining(['status', 'priority', 'assignee_id', 'group_id', 'tags']));
    const audits = await t.store.db.selectFrom('ticket_audits').select('events').where('ticket_id', '=', a.id).orderBy('id').execute();
    expect(JSON.parse(audits.at(-1)!.events)).toContainEqual({ type: 'Change', field_name: 'priority', value: 'urgent', previous_value: null });
    expect(await countRows(t, 'ticket_audits', { ticket_id: closed.id })).toBe(2);

    // The changes (tags may name someone) leave the job's payload when it ends: ids remain.
    const row = await t.store.db.selectFrom('jobs').select('payload').where('id', '=', r.body.job_status.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.payload)).toEqual({ ids: [a.id, closed.id, b.id] });
  });

  it('reports tickets in Spam, deleted or never there in their results, and updates the rest', async () => {
    const requester = await t.contact();
    const ok = await postTicket(t, { subject: 'Fine', requester_id: requester });
    const spam = await postTicket(t, { subject: 'Spam', requester_id: await t.contact() });
    const gone = await postTicket(t, { subject: 'Gone', requester_id: requester });
    expect((await t.call('PUT', `/api/v2/tickets/${spam.id}/mark_as_spam`)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/tickets/${gone.id}`)).status).toBe(204);
    const r = await t.call('PUT', `/api/v2/tickets/update_many?ids=${spam.id},${gone.id},999999,${ok.id}`, { ticket: { priority: 'low' } });
    expect(r.status).toBe(200);
    await t.drainJobs();
    const results = (await job(r.body.job_status.id)).results;
    expect(results.map((x: { id: number; success: boolean }) => [x.id, x.success])).toEqual([
      [spam.id, false],
      [gone.id, false],
      [999999, false],
      [ok.id, true],
    ]);
    expect(results[0].error).toMatch(/Spam/);
    expect(results[1].error).toBe('Not found');
    expect((await t.call('GET', `/api/v2/tickets/${ok.id}`)).body.ticket.priority).toBe('low');
  });

  it('runs as the agent who asked, with their permissions when the job runs', async () => {
    const agent = await t.staff('agent');
    const tk = await postTicket(t, { subject: 'Mine', requester_id: await t.contact() });
    const r = await t.call('PUT', `/api/v2/tickets/update_many?ids=${tk.id}`, { ticket: { status: 'open', assignee_id: agent.id } }, agent);
    expect(r.status).toBe(200);
    await t.drainJobs();
    expect((await job(r.body.job_status.id)).results[0]).toMatchObject({ success: true });
    const ev = await t.store.db.selectFrom('audit_events').select('actor_id').where('action', '=', 'ticket.updated').executeTakeFirstOrThrow();
    expect(ev.actor_id).toBe(agent.id);
  });

  describe('bad input changes nothing and names the field', () => {
    const refused: [string, unknown, number, RegExp][] = [
      ['no body', undefined, 400, /"ticket"/],
      ['no ticket key', { tickets: [{ id: 1 }] }, 400, /"ticket"/],
      ['no field', { ticket: {} }, 422, /give at least one field/],
      ['a comment', { ticket: { comment: { body: 'hi' }, status: 'open' } }, 422, /comment: cannot be changed in a bulk update/],
      ['a subject', { ticket: { subject: 'x' } }, 422, /subject: cannot be changed in a bulk update/],
      ['closed', { ticket: { status: 'closed' } }, 422, /status: must be one of new, open, pending, hold, solved/],
      ['a bad priority', { ticket: { priority: 'whenever' } }, 422, /priority/],
      ['tags not a list', { ticket: { additional_tags: 'vip' } }, 422, /additional_tags/],
      ['a tag too long', { ticket: { additional_tags: ['x'.repeat(81)] } }, 422, /a tag is at most 80 characters/],
      ['an end user as assignee', { ticket: { assignee_id: 'contact' } }, 422, /Assignee: must be an active agent or admin/],
      ['a group that does not exist', { ticket: { group_id: 999999 } }, 422, /Group: there is no group/],
      ['a bad id', { ticket: { assignee_id: -3 } }, 422, /assignee_id/],
    ];
    for (const [name, body, status, says] of refused) {
      it(`refuses ${name} (${status})`, async () => {
        const requester = await t.contact();
        const tk = await postTicket(t, { subject: 'Untouched', requester_id: requester });
        const payload = body && typeof body === 'object' && 'ticket' in body && (body.ticket as { assignee_id?: unknown }).assignee_id === 'contact' ? { ticket: { assignee_id: requester } } : body;
        const before = await allRows(t);
        const r = await t.call('PUT', `/api/v2/tickets/update_many?ids=${tk.id}`, payload);
        expect(r.status).toBe(status);
        const details = Object.values((r.body.details ?? {}) as Record<string, { description: string }[]>).flat();
        expect([r.body.description, ...details.map((d) => d.description)].join(' ')).toMatch(says);
        expect(await allRows(t)).toEqual(before);
      });
    }

    it('refuses missing, malformed and too many ids with 400 naming ids, before reading the body', async () => {
      for (const q of ['', '?ids=', '?ids=a,b', `?ids=${Array.from({ length: 101 }, (_, i) => i + 1).join(',')}`]) {
        const r = await t.call('PUT', `/api/v2/tickets/update_many${q}`, { ticket: { status: 'open' } });
        expect(r.status, q).toBe(400);
        expect(JSON.stringify(r.body)).toMatch(/ids/);
      }
      expect(await countRows(t, 'jobs')).toBe(0);
    });
  });
});

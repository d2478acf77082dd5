import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type Staff, type TestApp } from '../../../test/app.ts';
import { ViewCountSchema, ViewExecuteSchema, ViewSchema } from '../../shared/workspace-shapes.ts';

async function newTicket(t: TestApp, ticket: Record<string, unknown>, who?: Staff) {
  const r = await t.call('POST', '/api/v2/tickets', { ticket: { comment: { body: 'Hello' }, ...ticket } }, who);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.ticket as { id: number; status: string };
}

describeEachDb('views', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const ids = (rows: { ticket_id?: number; id?: number }[]) => rows.map((r) => r.ticket_id ?? r.id);
  const byTitle = async (title: string, who?: Staff) => (await t.call('GET', '/api/v2/views', undefined, who)).body.views.find((v: { title: string }) => v.title === title);

  it('has the built-in views, shared and not deletable; they run for the agent who asks', async () => {
    const agent = await t.staff('agent');
    const r = await t.call('GET', '/api/v2/views.json', undefined, agent);
    expect(r.status).toBe(200);
    expect(r.body.views.map((v: { title: string }) => v.title)).toEqual([
      'Your unsolved tickets', 'Unassigned tickets', 'All unsolved tickets', 'New and open tickets', 'Pending tickets', 'On-hold tickets', 'Solved tickets', 'Closed tickets',
    ]);
    expect(r.body.views[0]).toMatchObject({ default: true, active: true, restriction: null, conditions: { all: [{ field: 'status', operator: 'less_than', value: 'solved' }, { field: 'assignee_id', operator: 'is', value: 'current_user' }], any: [] } });

    const mine = await newTicket(t, { assignee_id: agent.id });
    const other = await newTicket(t, { assignee_id: t.owner.id });
    const none = await newTicket(t, {});
    const solved = await newTicket(t, { assignee_id: agent.id, status: 'solved' });
    const yours = r.body.views[0];
    const ex = await t.call('GET', `/api/v2/views/${yours.id}/execute.json`, undefined, agent);
    expect(ex.status, JSON.stringify(ex.body)).toBe(200);
    expect(ids(ex.body.rows)).toEqual([mine.id]);
    // The shapes the web app reads (src/shared/workspace-shapes.ts), nothing more, nothing less.
    expect(ViewExecuteSchema.parse(ex.body)).toEqual(ex.body);
    expect(ViewSchema.parse(yours)).toEqual(yours);
    expect(ex.body.columns.map((c: { id: string }) => c.id)).toEqual(['subject', 'requester', 'status', 'priority', 'assignee', 'updated']);
    expect(ex.body.rows[0]).toMatchObject({ ticket_id: mine.id, assignee_id: agent.id, status: 'open', ticket: { id: mine.id } });
    // The owner runs the same view and gets their own.
    expect(ids((await t.call('GET', `/api/v2/views/${yours.id}/execute`)).body.rows)).toEqual([other.id]);
    const unassigned = await byTitle('Unassigned tickets');
    expect(ids((await t.call('GET', `/api/v2/views/${unassigned.id}/tickets`)).body.tickets)).toEqual([none.id]);
    const solvedView = await byTitle('Solved tickets');
    expect(ViewCountSchema.parse((await t.call('GET', `/api/v2/views/${solvedView.id}/count`)).body.view_count)).toBeTruthy();
    expect((await t.call('GET', `/api/v2/views/${solvedView.id}/count`)).body.view_count).toMatchObject({ view_id: solvedView.id, value: 1, pretty: '1', fresh: true });
    expect(solved.status).toBe('solved');

    const del = await t.call('DELETE', `/api/v2/views/${yours.id}`);
    expect(del.status).toBe(422);
    const off = await t.call('PUT', `/api/v2/views/${yours.id}`, { view: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body.view.active).toBe(false);
    expect((await t.call('GET', '/api/v2/views?active=true')).body.views.map((v: { id: number }) => v.id)).not.toContain(yours.id);
    expect((await t.call('GET', '/api/v2/views?active=maybe')).status).toBe(400);
  });

  it('filters by every condition field, with all and any', async () => {
    const agent = await t.staff('agent');
    const group = (await t.call('POST', '/api/v2/groups', { group: { name: 'Billing' } })).body.group.id as number;
    await t.call('POST', '/api/v2/group_memberships', { group_membership: { user_id: agent.id, group_id: group } });
    const org = (await t.call('POST', '/api/v2/organizations', { organization: { name: 'Acme' } })).body.organization.id as number;
    const alice = await t.contact({ name: 'Alice Example' });
    const a = await newTicket(t, { requester_id: alice, priority: 'urgent', type: 'incident', tags: ['vip', 'refund'], group_id: group, organization_id: org });
    const b = await newTicket(t, { priority: 'low', type: 'question', tags: ['refund'], status: 'pending' });
    t.clock.advance(48 * 3_600_000);
    const c = await newTicket(t, { priority: 'high', status: 'hold', assignee_id: agent.id });
    const run = async (view: unknown, who?: Staff) => {
      const r = await t.call('POST', '/api/v2/views/preview', { view }, who);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return ids(r.body.rows).sort((x, y) => x! - y!);
    };
    expect(await run({ all: [{ field: 'priority', operator: 'greater_than', value: 'normal' }] })).toEqual([a.id, c.id]);
    expect(await run({ all: [{ field: 'priority', operator: 'less_than', value: 'normal' }] })).toEqual([b.id]);
    expect(await run({ all: [{ field: 'type', operator: 'is_not', value: 'incident' }] })).toEqual([b.id, c.id]);
    expect(await run({ all: [{ field: 'tags', operator: 'includes', value: 'vip other' }] })).toEqual([a.id]);
    expect(await run({ all: [{ field: 'tags', operator: 'not_includes', value: ['refund'] }] })).toEqual([c.id]);
    expect(await run({ all: [{ field: 'requester_id', operator: 'is', value: String(alice) }] })).toEqual([a.id]);
    expect(await run({ all: [{ field: 'organization_id', operator: 'is', value: org }] })).toEqual([a.id]);
    expect(await run({ all: [{ field: 'group_id', operator: 'is', value: 'current_groups' }] }, agent)).toEqual([a.id]);
    expect(await run({ all: [{ field: 'group_id', operator: 'is', value: null }] })).toEqual([b.id, c.id]);
    expect(await run({ all: [{ field: 'assignee_id', operator: 'is_not', value: 'current_user' }] }, agent)).toEqual([a.id, b.id]);
    expect(await run({ all: [{ field: 'status', operator: 'is_not', value: 'pending' }] })).toEqual([a.id, c.id]);
    expect(await run({ all: [{ field: 'created_at', operator: 'less_than', value: 24 }] })).toEqual([c.id]);
    expect(await run({ all: [{ field: 'hours_since_created', operator: 'greater_than', value: '24' }] })).toEqual([a.id, b.id]);
    const cut = new Date(t.clock.now().getTime() - 3_600_000).toISOString();
    expect(await run({ all: [{ field: 'updated_at', operator: 'less_than', value: cut }] })).toEqual([a.id, b.id]);
    expect(await run({ all: [{ field: 'via', operator: 'is', value: 'api' }] })).toEqual([a.id, b.id, c.id]);
    expect(await run({ all: [{ field: 'via', operator: 'is', value: 'email' }] })).toEqual([]);
    expect(await run({ any: [{ field: 'status', operator: 'is', value: 'pending' }, { field: 'status', operator: 'is', value: 'hold' }] })).toEqual([b.id, c.id]);
    expect(
      await run({ all: [{ field: 'tags', operator: 'includes', value: 'refund' }], any: [{ field: 'priority', operator: 'is', value: 'low' }, { field: 'type', operator: 'is', value: 'task' }] }),
    ).toEqual([b.id]);
  });

  it('sorts by the view or the query, pages with page and per_page, and refuses a cursor', async () => {
    const made = [];
    for (const p of ['low', 'urgent', 'normal', null, 'high']) {
      made.push((await newTicket(t, p ? { priority: p } : {})).id);
      t.clock.advance(60_000);
    }
    const view = (await t.call('POST', '/api/v2/views', { view: { title: 'By priority', all: [{ field: 'status', operator: 'less_than', value: 'solved' }], output: { columns: ['id', 'priority'], sort_by: 'priority', sort_order: 'desc' } } })).body.view;
    expect(view.execution).toMatchObject({ sort_by: 'priority', sort_order: 'desc', columns: [{ id: 'id', title: 'ID' }, { id: 'priority', title: 'Priority' }] });
    const first = await t.call('GET', `/api/v2/views/${view.id}/execute?per_page=2`);
    expect(first.body.rows.map((r: { priority: string }) => r.priority)).toEqual(['urgent', 'high']);
    expect(first.body.count).toBe(5);
    expect(first.body.next_page).toContain('page=2');
    const last = await t.call('GET', `/api/v2/views/${view.id}/execute?per_page=2&page=3`);
    // No priority comes last, whichever way the sort goes.
    expect(last.body.rows.map((r: { priority: string | null }) => r.priority)).toEqual([null]);
    expect(last.body.next_page).toBeNull();
    const asc = await t.call('GET', `/api/v2/views/${view.id}/execute?sort_by=priority&sort_order=asc`);
    expect(asc.body.rows.map((r: { priority: string | null }) => r.priority)).toEqual(['low', 'normal', 'high', 'urgent', null]);
    const created = await t.call('GET', `/api/v2/views/${view.id}/tickets?sort_by=created_at&sort_order=asc`);
    expect(created.body.tickets.map((x: { id: number }) => x.id)).toEqual(made);
    expect((await t.call('GET', `/api/v2/views/${view.id}/execute?sort_by=shoe_size`)).status).toBe(400);
    expect((await t.call('GET', `/api/v2/views/${view.id}/execute?sort_order=up`)).status).toBe(400);
    expect((await t.call('GET', `/api/v2/views/${view.id}/execute?page[size]=2`)).status).toBe(400);
  });

  it('keeps personal views to their agent; shared views are for admins to make', async () => {
    const agent = await t.staff('agent');
    const other = await t.staff('agent');
    const cond = { all: [{ field: 'status', operator: 'is', value: 'open' }] };
    const mine = await t.call('POST', '/api/v2/views', { view: { title: 'Mine', ...cond } }, agent);
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect(mine.body.view.restriction).toMatchObject({ type: 'User', id: agent.id });
    expect((await t.call('POST', '/api/v2/views', { view: { title: 'Shared', restriction: null, ...cond } }, agent)).status).toBe(403);
    expect((await t.call('POST', '/api/v2/views', { view: { title: 'Theirs', restriction: { type: 'User', id: other.id }, ...cond } }, agent)).status).toBe(422);
    const shared = await t.call('POST', '/api/v2/views', { view: { title: 'Team', ...cond } });
    expect(shared.body.view.restriction).toBeNull();

    const id = mine.body.view.id;
    expect((await t.call('GET', `/api/v2/views/${id}`, undefined, other)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/views/${id}/execute`, undefined, other)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/views/${id}`)).status).toBe(404);
    expect((await t.call('GET', '/api/v2/views', undefined, other)).body.views.map((v: { id: number }) => v.id)).not.toContain(id);
    expect((await t.call('GET', `/api/v2/views/count_many?ids=${id},${shared.body.view.id}`, undefined, other)).body.view_counts.map((c: { view_id: number }) => c.view_id)).toEqual([shared.body.view.id]);
    expect((await t.call('PUT', `/api/v2/views/${shared.body.view.id}`, { view: { title: 'x' } }, agent)).status).toBe(403);
    expect((await t.call('PUT', `/api/v2/views/${id}`, { view: { title: 'Renamed' } }, agent)).body.view.title).toBe('Renamed');
    expect((await t.call('DELETE', `/api/v2/views/${id}`, undefined, other)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/views/${id}`, undefined, agent)).status).toBe(204);

    const events = await t.store.db.selectFrom('audit_events').select(['action', 'subject_id', 'details']).where('subject_type', '=', 'view').orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['view.created', 'view.created', 'view.updated', 'view.deleted']);
    expect(JSON.parse(events[2]!.details)).toEqual({ fields: ['title'], personal: true });
  });

  it('refuses bad conditions with 422 naming the field, and bad ids as the rest of the API', async () => {
    const bad = async (view: unknown) => t.call('POST', '/api/v2/views', { view });
    let r = await bad({ title: 'x', all: [{ field: 'shoe_size', operator: 'is', value: 1 }] });
    expect(r.status).toBe(422);
    expect(Object.keys(r.body.details)).toEqual(['all.0.field']);
    r = await bad({ title: 'x', all: [{ field: 'status', operator: 'is', value: 'gone' }] });
    expect(Object.keys(r.body.details)).toEqual(['all.0.value']);
    r = await bad({ title: 'x', any: [{ field: 'created_at', operator: 'is', value: 3 }] });
    expect(Object.keys(r.body.details)).toEqual(['any.0.operator']);
    r = await bad({ title: '', all: [] });
    expect(Object.keys(r.body.details)).toEqual(['title']);
    r = await bad({ title: 'x', output: { columns: ['shoe'] } });
    expect(Object.keys(r.body.details)).toEqual(['output.columns.0']);
    expect((await t.call('POST', '/api/v2/views', { title: 'x' })).status).toBe(400);
    expect((await t.call('GET', '/api/v2/views/abc')).status).toBe(404);
    expect((await t.call('GET', '/api/v2/views/999999')).status).toBe(404);
    expect((await t.call('GET', '/api/v2/views/count_many?ids=1,x')).status).toBe(400);
    const before = await t.store.db.selectFrom('views').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(before.n)).toBe(8);
  });
});

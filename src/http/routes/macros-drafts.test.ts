import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type Staff, type TestApp } from '../../../test/app.ts';
import { runSweeps } from '../../jobs/sweeps.ts';
import { DraftSchema, MacroApplySchema, MacroSchema } from '../../shared/workspace-shapes.ts';

async function newTicket(t: TestApp, ticket: Record<string, unknown>, who?: Staff) {
  const r = await t.call('POST', '/api/v2/tickets', { ticket: { comment: { body: 'Hello' }, ...ticket } }, who);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.ticket as { id: number; status: string; tags: string[] };
}

describeEachDb('macros and drafts', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  it('applies a macro without saving: field changes, tags, and the reply with placeholders filled', async () => {
    const agent = await t.staff('agent', { name: 'Ben Agent' });
    const requester = await t.contact({ name: 'Alice Marie Example', email: 'alice@example.test' });
    const tk = await newTicket(t, { requester_id: requester, tags: ['billing', 'old'] });
    const macro = await t.call('POST', '/api/v2/macros', {
      macro: {
        title: 'Refund done',
        actions: [
          { field: 'status', value: 'solved' },
          { field: 'priority', value: 'low' },
          { field: 'assignee_id', value: 'current_user' },
          { field: 'current_tags', value: 'refund' },
          { field: 'remove_tags', value: ['old'] },
          { field: 'comment_value', value: 'Hi {{ticket.requester.first_name}}, ticket #{{ticket.id}} is done. {{ current_user.first_name }}{{no.such}}' },
          { field: 'comment_value_html', value: '<p>Hi {{ticket.requester.name}}</p>' },
          { field: 'comment_mode_is_public', value: 'false' },
        ],
      },
    });
    expect(macro.status, JSON.stringify(macro.body)).toBe(201);
    expect(macro.body.macro).toMatchObject({ title: 'Refund done', active: true, restriction: null });
    const before = await t.store.db.selectFrom('tickets').selectAll().where('id', '=', tk.id).executeTakeFirstOrThrow();
    const r = await t.call('GET', `/api/v2/tickets/${tk.id}/macros/${macro.body.macro.id}/apply.json`, undefined, agent);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.result.ticket).toMatchObject({ id: tk.id, status: 'solved', priority: 'low', assignee_id: agent.id, tags: ['billing', 'refund'] });
    expect(MacroSchema.parse(macro.body.macro)).toEqual(macro.body.macro);
    expect(MacroApplySchema.parse(r.body)).toEqual(r.body);
    expect(r.body.result.comment).toEqual({ body: `Hi Alice, ticket #${tk.id} is done. Ben`, html_body: '<p>Hi Alice Marie Example</p>', public: false });
    // Nothing saved.
    expect(await t.store.db.selectFrom('tickets').selectAll().where('id', '=', tk.id).executeTakeFirstOrThrow()).toEqual(before);

    const set = await t.call('POST', '/api/v2/macros', { macro: { title: 'Tags', actions: [{ field: 'set_tags', value: 'a b' }] } });
    const s = await t.call('GET', `/api/v2/tickets/${tk.id}/macros/${set.body.macro.id}/apply`);
    expect(s.body.result).toEqual({ ticket: { id: tk.id, tags: ['a', 'b'], url: expect.stringContaining(`/tickets/${tk.id}.json`) } });
  });

  it('keeps personal macros to their agent, shared ones to admins; lists active ones; audits ids only', async () => {
    const agent = await t.staff('agent');
    const other = await t.staff('agent');
    const actions = [{ field: 'status', value: 'pending' }];
    const mine = await t.call('POST', '/api/v2/macros', { macro: { title: 'Mine', actions } }, agent);
    expect(mine.body.macro.restriction).toMatchObject({ type: 'User', id: agent.id });
    expect((await t.call('POST', '/api/v2/macros', { macro: { title: 'Shared', restriction: null, actions } }, agent)).status).toBe(403);
    const shared = (await t.call('POST', '/api/v2/macros', { macro: { title: 'Shared', actions, active: false } })).body.macro;
    const id = mine.body.macro.id;
    expect((await t.call('GET', `/api/v2/macros/${id}`, undefined, other)).status).toBe(404);
    const tk = await newTicket(t, {});
    expect((await t.call('GET', `/api/v2/tickets/${tk.id}/macros/${id}/apply`, undefined, other)).status).toBe(404);
    expect((await t.call('GET', '/api/v2/macros', undefined, agent)).body.macros.map((m: { id: number }) => m.id)).toEqual([id, shared.id]);
    expect((await t.call('GET', '/api/v2/macros', undefined, other)).body.macros.map((m: { id: number }) => m.id)).toEqual([shared.id]);
    expect((await t.call('GET', '/api/v2/macros/active', undefined, agent)).body.macros.map((m: { id: number }) => m.id)).toEqual([id]);
    expect((await t.call('PUT', `/api/v2/macros/${shared.id}`, { macro: { title: 'x' } }, agent)).status).toBe(403);
    expect((await t.call('PUT', `/api/v2/macros/${shared.id}`, { macro: { active: true } })).body.macro.active).toBe(true);
    expect((await t.call('DELETE', `/api/v2/macros/${id}`, undefined, agent)).status).toBe(204);
    expect((await t.call('GET', `/api/v2/macros/${id}`, undefined, agent)).status).toBe(404);
    const events = await t.store.db.selectFrom('audit_events').select(['action', 'details']).where('subject_type', '=', 'macro').orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['macro.created', 'macro.created', 'macro.updated', 'macro.deleted']);
    for (const e of events) expect(e.details).not.toContain('Mine');

    const bad = await t.call('POST', '/api/v2/macros', { macro: { title: 'x', actions: [{ field: 'status', value: 'closed' }] } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.details)).toEqual(['actions.0.value']);
    expect(Object.keys((await t.call('POST', '/api/v2/macros', { macro: { title: 'x', actions: [] } })).body.details)).toEqual(['actions']);
    expect(Object.keys((await t.call('POST', '/api/v2/macros', { macro: { title: 'x', actions: [{ field: 'launch', value: 1 }] } })).body.details)).toEqual(['actions.0.field']);
    expect((await t.call('GET', '/api/v2/macros?active=1')).status).toBe(400);
  });

  it('keeps one draft per agent and ticket, across calls; sending the reply deletes it in the same commit', async () => {
    const agent = await t.staff('agent');
    const other = await t.staff('agent');
    const tk = await newTicket(t, {});
    const url = `/api/v2/tickets/${tk.id}/draft`;
    expect((await t.call('GET', url, undefined, agent)).body).toEqual({ draft: null });
    const put = await t.call('PUT', url, { draft: { body: 'Dear Alice,', public: false, status: 'pending', fields: { priority: 'high', tags: ['x'] } } }, agent);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.draft).toMatchObject({ ticket_id: tk.id, user_id: agent.id, body: 'Dear Alice,', public: false, status: 'pending', fields: { priority: 'high', tags: ['x'] } });
    expect(DraftSchema.parse(put.body.draft)).toEqual(put.body.draft);
    t.clock.advance(60_000);
    await t.call('PUT', `${url}.json`, { draft: { body: 'Dear Alice, your refund' } }, agent);
    const got = (await t.call('GET', url, undefined, agent)).body.draft;
    expect(got).toMatchObject({ body: 'Dear Alice, your refund', public: true, status: null, fields: {} });
    expect(got.updated_at).not.toBe(got.created_at);
    expect((await t.call('GET', url, undefined, other)).body).toEqual({ draft: null });
    await t.call('PUT', url, { draft: { body: 'Other draft' } }, other);
    expect(await t.store.db.selectFrom('ticket_drafts').select('id').execute()).toHaveLength(2);

    const sent = await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { comment: { body: 'Dear Alice, your refund is on its way.' } } }, agent);
    expect(sent.status).toBe(200);
    expect((await t.call('GET', url, undefined, agent)).body).toEqual({ draft: null });
    expect((await t.call('GET', url, undefined, other)).body.draft.body).toBe('Other draft');
    // A field change without a reply keeps the draft.
    await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { priority: 'low' } }, other);
    expect((await t.call('GET', url, undefined, other)).body.draft.body).toBe('Other draft');
    expect((await t.call('DELETE', url, undefined, other)).status).toBe(204);
    expect((await t.call('DELETE', url, undefined, other)).status).toBe(204);
    expect(await t.store.db.selectFrom('ticket_drafts').select('id').execute()).toHaveLength(0);
  });

  it('refuses bad drafts and drafts where no reply can go; nothing changes', async () => {
    const tk = await newTicket(t, {});
    const url = `/api/v2/tickets/${tk.id}/draft`;
    let r = await t.call('PUT', url, { draft: { body: 5 } });
    expect(r.status).toBe(422);
    expect(Object.keys(r.body.details)).toEqual(['body']);
    r = await t.call('PUT', url, { draft: { status: 'gone' } });
    expect(Object.keys(r.body.details)).toEqual(['status']);
    r = await t.call('PUT', url, { draft: { fields: { big: 'x'.repeat(70_000) } } });
    expect(Object.keys(r.body.details)).toEqual(['fields']);
    expect((await t.call('PUT', url, { body: 'x' })).status).toBe(400);
    expect((await t.call('PUT', '/api/v2/tickets/999999/draft', { draft: { body: 'x' } })).status).toBe(404);
    expect((await t.call('GET', '/api/v2/tickets/abc/draft')).status).toBe(404);
    await t.call('PUT', `/api/v2/tickets/${tk.id}/close`);
    await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { status: 'solved' } });
    const closed = await newTicket(t, { status: 'solved' });
    await t.call('PUT', `/api/v2/tickets/${closed.id}/close`);
    r = await t.call('PUT', `/api/v2/tickets/${closed.id}/draft`, { draft: { body: 'x' } });
    expect(r.status).toBe(422);
    expect(Object.keys(r.body.details)).toEqual(['status']);
    expect(await t.store.db.selectFrom('ticket_drafts').select('id').execute()).toHaveLength(0);
  });

  it('redacting a string on the ticket redacts it in its drafts; the sweep drops drafts untouched for 30 days', async () => {
    const agent = await t.staff('agent');
    const tk = await newTicket(t, { comment: { body: 'My IBAN is DE44 5001 0517 5407 3249 31' } });
    const comment = (await t.call('GET', `/api/v2/tickets/${tk.id}/comments`)).body.comments[0];
    await t.call('PUT', `/api/v2/tickets/${tk.id}/draft`, { draft: { body: 'We saw DE44 5001 0517 5407 3249 31, thanks', fields: { note: ['about DE44 5001 0517 5407 3249 31'] } } }, agent);
    const red = await t.call('PUT', `/api/v2/tickets/${tk.id}/comments/${comment.id}/redact`, { text: 'DE44 5001 0517 5407 3249 31' });
    expect(red.status, JSON.stringify(red.body)).toBe(200);
    const d = (await t.call('GET', `/api/v2/tickets/${tk.id}/draft`, undefined, agent)).body.draft;
    expect(d.body).not.toContain('DE44');
    expect(d.body).toMatch(/^We saw ▇{27}, thanks$/);
    expect(JSON.stringify(d.fields)).not.toContain('5001');
    const ev = await t.store.db.selectFrom('audit_events').select('details').where('action', '=', 'comment.redacted').executeTakeFirstOrThrow();
    expect(JSON.parse(ev.details).copies).toContain('draft');

    const other = await newTicket(t, {});
    t.clock.advanceDays(20);
    await t.call('PUT', `/api/v2/tickets/${other.id}/draft`, { draft: { body: 'recent' } }, agent);
    t.clock.advanceDays(11);
    const report = await runSweeps(t.ctx, { dryRun: true });
    expect(report.lines).toContain('would delete 1 drafts untouched for 30 days');
    expect(await t.store.db.selectFrom('ticket_drafts').select('id').execute()).toHaveLength(2);
    const done = await runSweeps(t.ctx, { dryRun: false });
    expect(done.lines).toContain('deleted 1 drafts untouched for 30 days');
    const left = await t.store.db.selectFrom('ticket_drafts').select(['ticket_id']).execute();
    expect(left).toEqual([{ ticket_id: other.id }]);
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { insertGroup, insertMembership, insertOrganization, postTicket } from '../../../test/factories/index.ts';

// Counts, a ticket's audits and collaborators, an organization's users, a user's tickets
// (requested, ccd, assigned) and side-loads on ticket show, list and show_many.

describeEachDb('related lists, counts, audits and side-loads', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const get = async (url: string) => {
    const r = await t.call('GET', url);
    expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  const ids = (list: { id: number }[]) => list.map((x) => x.id);

  it('counts what each list lists, in Zendesk’s shape', async () => {
    const requester = await t.contact();
    await postTicket(t, { requester_id: requester });
    const spam = await postTicket(t, { requester_id: requester });
    await t.call('PUT', `/api/v2/tickets/${spam.id}/mark_as_spam`);
    const gone = await t.contact();
    await t.call('DELETE', `/api/v2/users/${gone}`);
    await insertOrganization(t, 'Acme');
    await insertGroup(t, 'Billing');
    const at = t.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const [path, list, key] of [
      ['tickets', 'tickets', 'tickets'],
      ['users', 'users', 'users'],
      ['organizations', 'organizations', 'organizations'],
      ['groups', 'groups', 'groups'],
    ] as const) {
      const c = await get(`/api/v2/${path}/count.json`);
      expect(c).toEqual({ count: { value: (await get(`/api/v2/${list}`)).count, refreshed_at: at } });
      expect((await get(`/api/v2/${list}`))[key].length).toBe(c.count.value);
    }
    expect((await get('/api/v2/tickets/count')).count.value).toBe(1); // not the one in Spam
  });

  it('lists a user’s requested, copied and assigned tickets, and an organization’s users', async () => {
    const agent = await t.staff('agent');
    const rita = await t.contact();
    const cora = await t.contact();
    const org = await insertOrganization(t, 'Acme');
    await insertMembership(t, rita, { organizationId: org });
    const a = await postTicket(t, { requester_id: rita, collaborator_ids: [cora], assignee_id: agent.id });
    const b = await postTicket(t, { requester_id: cora });
    const c = await postTicket(t, { requester_id: rita, assignee_id: agent.id });
    expect(ids((await get(`/api/v2/users/${rita}/tickets/requested`)).tickets)).toEqual([a.id, c.id]);
    expect(ids((await get(`/api/v2/users/${cora}/tickets/requested`)).tickets)).toEqual([b.id]);
    expect(ids((await get(`/api/v2/users/${cora}/tickets/ccd`)).tickets)).toEqual([a.id]);
    expect(ids((await get(`/api/v2/users/${agent.id}/tickets/assigned.json`)).tickets)).toEqual([a.id, c.id]);
    expect((await get(`/api/v2/users/${agent.id}/tickets/assigned/count`)).count.value).toBe(2);
    expect((await get(`/api/v2/users/${cora}/tickets/ccd/count`)).count.value).toBe(1);
    expect(ids((await get(`/api/v2/organizations/${org}/users`)).users)).toEqual([rita]);
    expect((await get(`/api/v2/organizations/${org}/users/count`)).count.value).toBe(1);
    expect(ids((await get(`/api/v2/tickets/${a.id}/collaborators`)).users)).toEqual([cora]);
    // Paged as every list is.
    const page = await get(`/api/v2/users/${rita}/tickets/requested?page[size]=1`);
    expect(ids(page.tickets)).toEqual([a.id]);
    expect(page.meta.has_more).toBe(true);
    for (const url of ['/api/v2/users/999999/tickets/ccd', '/api/v2/users/999999/tickets/assigned', '/api/v2/organizations/999999/users', '/api/v2/tickets/999999/collaborators', '/api/v2/organizations/999999/users/count']) {
      const r = await t.call('GET', url);
      expect(r.status, url).toBe(404);
      expect(r.body.error).toBe('RecordNotFound');
    }
    // A deleted ticket is not /tickets' any more: its collaborators neither.
    await t.call('DELETE', `/api/v2/tickets/${a.id}`);
    expect((await t.call('GET', `/api/v2/tickets/${a.id}/collaborators`)).status).toBe(404);
    expect((await get(`/api/v2/users/${cora}/tickets/ccd`)).tickets).toEqual([]);
  });

  it('shows a ticket’s audits with their events, comment text as it is now', async () => {
    const requester = await t.contact();
    const tk = await postTicket(t, { requester_id: requester, subject: 'Printer', comment: { body: 'My card 4111 1111 1111 1111' } });
    await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { status: 'open', priority: 'high' } });
    const list = await get(`/api/v2/tickets/${tk.id}/audits`);
    expect(list.count).toBe(2);
    const [created, changed] = list.audits;
    expect(created).toMatchObject({ ticket_id: tk.id, author_id: t.owner.id, metadata: { system: {}, custom: {} } });
    const comment = created.events.find((e: any) => e.type === 'Comment');
    expect(comment).toMatchObject({ author_id: t.owner.id, public: true, body: 'My card 4111 1111 1111 1111', audit_id: created.id, attachments: [] });
    expect(changed.events).toContainEqual({ type: 'Change', field_name: 'priority', value: 'high', previous_value: null });
    expect(await get(`/api/v2/tickets/${tk.id}/audits/${changed.id}`)).toEqual({ audit: changed });
    expect((await get(`/api/v2/tickets/${tk.id}/audits/count`)).count.value).toBe(2);
    // Redacted: the audit shows the redacted text; it never held its own copy.
    const r = await t.call('PUT', `/api/v2/tickets/${tk.id}/comments/${comment.id}/redact`, { text: '4111 1111 1111 1111' });
    expect(r.status).toBe(200);
    const after = (await get(`/api/v2/tickets/${tk.id}/audits/${created.id}`)).audit.events.find((e: any) => e.type === 'Comment');
    expect(after.body).not.toContain('4111');
    // Another ticket's audit, or an unknown one, is not this ticket's.
    const other = await postTicket(t, { requester_id: requester });
    for (const url of [`/api/v2/tickets/${other.id}/audits/${changed.id}`, `/api/v2/tickets/${tk.id}/audits/999999`, '/api/v2/tickets/999999/audits']) {
      const x = await t.call('GET', url);
      expect(x.status, url).toBe(404);
      expect(x.body.error).toBe('RecordNotFound');
    }
  });

  it('side-loads users, groups and organizations on show, list and show_many, each once', async () => {
    const agent = await t.staff('agent');
    const org = await insertOrganization(t, 'Acme');
    const group = await insertGroup(t, 'Billing');
    const rita = await t.contact({ organization_id: org });
    const cora = await t.contact();
    const a = await postTicket(t, { requester_id: rita, collaborator_ids: [cora], assignee_id: agent.id, group_id: group });
    const b = await postTicket(t, { requester_id: rita });
    const one = await get(`/api/v2/tickets/${a.id}?include=users,groups,organizations`);
    expect(one.ticket.id).toBe(a.id);
    expect(ids(one.users)).toEqual([t.owner.id, agent.id, rita, cora].sort((x, y) => x - y));
    expect(one.users.find((u: any) => u.id === rita)).toMatchObject({ organization_id: org, role: 'end-user' });
    expect(ids(one.groups)).toEqual([group]);
    expect(ids(one.organizations)).toEqual([org]);
    const list = await get('/api/v2/tickets?include=users');
    expect(ids(list.tickets)).toEqual([a.id, b.id]);
    expect(ids(list.users)).toEqual([t.owner.id, agent.id, rita, cora].sort((x, y) => x - y));
    expect(list.groups).toBeUndefined();
    const many = await get(`/api/v2/tickets/show_many?ids=${b.id}&include=organizations,abilities`);
    expect(Object.keys(many).sort()).toEqual(['organizations', 'tickets']);
    // Without ?include= nothing is added; a repeated include is refused.
    expect(Object.keys(await get(`/api/v2/tickets/${a.id}`))).toEqual(['ticket']);
    expect((await t.call('GET', `/api/v2/tickets/${a.id}?include=users&include=groups`)).status).toBe(400);
    // The lists under a user side-load too.
    const ccd = await get(`/api/v2/users/${cora}/tickets/ccd?include=users,groups`);
    expect(ids(ccd.groups)).toEqual([group]);
    expect(ids((await get(`/api/v2/users/${rita}/tickets/requested?include=organizations`)).organizations)).toEqual([org]);
    // A deleted contact's profile is not side-loaded (as /users/show_many does not show it).
    await t.call('DELETE', `/api/v2/users/${cora}`);
    expect(ids((await get(`/api/v2/tickets/${a.id}?include=users`)).users)).not.toContain(cora);
  });
});

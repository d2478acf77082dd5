import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { hashPassword } from '../../domain/auth/secrets.ts';

async function userRow(t: TestApp, id: number) {
  return t.store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describeEachDb('users API', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates a user (201) and shows it in the Zendesk shape', async () => {
    const org = await t.call('POST', '/api/v2/organizations', { organization: { name: 'Acme' } });
    const r = await t.call('POST', '/api/v2/users.json', {
      user: { name: 'Ann Example', email: 'ann@example.test', phone: '+44 20 7946 0001', tags: ['vip'], organization_id: org.body.organization.id, user_fields: { plan: 'gold' } },
    });
    expect(r.status).toBe(201);
    const u = r.body.user;
    expect(u).toMatchObject({
      name: 'Ann Example',
      email: 'ann@example.test',
      phone: '+44 20 7946 0001',
      role: 'end-user',
      active: true,
      suspended: false,
      verified: false,
      organization_id: org.body.organization.id,
      tags: ['vip'],
      user_fields: { plan: 'gold' },
      shared_phone_number: false,
      created_at: '2026-11-22T10:00:00Z',
      url: `http://localhost:80/api/v2/users/${u.id}.json`,
    });
    const shown = await t.call('GET', `/api/v2/users/${u.id}.json`);
    expect(shown.body.user).toEqual(u);
  });

  it('answers /users/me for the caller, and an anonymous user without credentials', async () => {
    const me = await t.call('GET', '/api/v2/users/me.json');
    expect(me.body.user).toMatchObject({ id: t.owner.id, role: 'admin', email: t.owner.email });
    const anon = await t.call('GET', '/api/v2/users/me', undefined, null);
    expect(anon.status).toBe(200);
    expect(anon.body.user).toMatchObject({ id: null, name: 'Anonymous user', role: 'end-user' });
  });

  it('lists live users, filtered by role and role[]', async () => {
    const agent = await t.staff('agent');
    const c1 = await t.contact();
    const c2 = await t.contact();
    await t.call('DELETE', `/api/v2/users/${c2}`);
    const all = await t.call('GET', '/api/v2/users');
    expect(all.body.users.map((u: { id: number }) => u.id)).toEqual([t.owner.id, agent.id, c1]);
    expect(all.body.count).toBe(3);
    const endUsers = await t.call('GET', '/api/v2/users?role=end-user');
    expect(endUsers.body.users.map((u: { id: number }) => u.id)).toEqual([c1]);
    const staff = await t.call('GET', '/api/v2/users?role[]=agent&role[]=admin');
    expect(staff.body.users.map((u: { id: number }) => u.id)).toEqual([t.owner.id, agent.id]);
    const encoded = await t.call('GET', '/api/v2/users?role%5B%5D=agent');
    expect(encoded.body.users.map((u: { id: number }) => u.id)).toEqual([agent.id]);
    expect((await t.call('GET', '/api/v2/users?role=boss')).status).toBe(400);
  });

  it('paginates /users by offset and by cursor, keeping the base and .json', async () => {
    const ids = [t.owner.id];
    for (let i = 0; i < 4; i++) ids.push(await t.contact());
    const p1 = await t.call('GET', '/api/v2/users.json?per_page=2');
    expect(p1.body.users.map((u: { id: number }) => u.id)).toEqual(ids.slice(0, 2));
    expect(p1.body.count).toBe(5);
    expect(p1.body.previous_page).toBeNull();
    expect(p1.body.next_page).toMatch(/^http:\/\/localhost(:\d+)?\/api\/v2\/users\.json\?/);
    const p3 = await t.call('GET', '/api/v2/users.json?per_page=2&page=3');
    expect(p3.body.users.map((u: { id: number }) => u.id)).toEqual(ids.slice(4));
    expect(p3.body.next_page).toBeNull();

    const seen: number[] = [];
    let url: string | null = '/api/v2/users.json?page[size]=2';
    let pages = 0;
    while (url && pages < 10) {
      const r = await t.call('GET', url);
      expect(r.status).toBe(200);
      seen.push(...r.body.users.map((u: { id: number }) => u.id));
      if (r.body.links.next) {
        expect(r.body.meta.has_more).toBe(true);
        expect(r.body.links.next).toMatch(/^http:\/\/localhost(:\d+)?\/api\/v2\/users\.json\?/);
        url = r.body.links.next.replace(/^http:\/\/[^/]+/, '');
      } else {
        expect(r.body.meta.has_more).toBe(false);
        url = null;
      }
      pages++;
    }
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });

  it('shows many live users, ignoring deleted ones; 400 without ids', async () => {
    const a = await t.contact({ external_id: 'ext-a' });
    const b = await t.contact();
    await t.call('DELETE', `/api/v2/users/${b}`);
    const r = await t.call('GET', `/api/v2/users/show_many.json?ids=${a}%2C${b}`);
    expect(r.body.users.map((u: { id: number }) => u.id)).toEqual([a]);
    const byExt = await t.call('GET', '/api/v2/users/show_many?external_ids=ext-a');
    expect(byExt.body.users.map((u: { id: number }) => u.id)).toEqual([a]);
    expect((await t.call('GET', '/api/v2/users/show_many')).status).toBe(400);
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect((await t.call('GET', `/api/v2/users/show_many?ids=${tooMany}`)).status).toBe(400);
  });

  it('searches name, email and phone case-insensitively, and external_id; never deleted users', async () => {
    const ann = await t.contact({ name: 'Ann Lee', email: 'ann.lee@example.test' });
    const bob = await t.contact({ name: 'Bob Stone', email: 'bob@stone.test', phone: '+44 20 7946 0002', external_id: 'crm-7' });
    const gone = await t.contact({ name: 'Ann Gone', email: 'gone@example.test' });
    await t.call('DELETE', `/api/v2/users/${gone}`);
    const ids = async (q: string) => (await t.call('GET', `/api/v2/users/search.json?${q}`)).body.users.map((u: { id: number }) => u.id);
    expect(await ids('query=ANN')).toEqual([ann]);
    expect(await ids('query=STONE.TEST')).toEqual([bob]);
    expect(await ids('query=7946')).toEqual([bob]);
    expect(await ids('external_id=crm-7')).toEqual([bob]);
    expect(await ids('query=gone')).toEqual([]);
    // Punctuation alone is no word: full-text search says what is wrong rather than matching all.
    for (const q of ['%25', '_']) {
      const r = await t.call('GET', `/api/v2/users/search?query=${q}`);
      expect(r.status).toBe(400);
      expect(r.body.description).toMatch(/query is empty/);
    }
    expect((await t.call('GET', '/api/v2/users/search?query=ann&external_id=crm-7')).status).toBe(400);
    const paged = await t.call('GET', '/api/v2/users/search?query=example&per_page=1');
    expect(paged.body.count).toBe(1);
    expect((await t.call('GET', '/api/v2/users/search')).status).toBe(400);
  });

  it('updates fields, merges user_fields and changes the primary email', async () => {
    const id = await t.contact({ email: 'old@example.test', user_fields: { a: '1' } });
    t.clock.advance(60_000);
    const r = await t.call('PUT', `/api/v2/users/${id}`, { user: { name: 'New Name', email: 'new@example.test', user_fields: { b: 2 }, tags: ['x', 'x', 'y'], notes: 'n' } });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ name: 'New Name', email: 'new@example.test', user_fields: { a: '1', b: 2 }, tags: ['x', 'y'], notes: 'n', updated_at: '2026-11-22T10:01:00Z' });
    const ids = await t.store.db.selectFrom('identities').selectAll().where('user_id', '=', id).execute();
    expect(ids.map((i) => [i.value, i.is_primary])).toEqual([['new@example.test', 1]]);
    // The old address is free again.
    expect((await t.call('POST', '/api/v2/users', { user: { name: 'Other', email: 'old@example.test' } })).status).toBe(201);
    const audit = await t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'user.updated').executeTakeFirstOrThrow();
    expect(audit.details).not.toContain('@');
    expect(audit.details).not.toContain('New Name');
  });

  it('refuses an email held by someone else (422) and changes nothing', async () => {
    await t.contact({ email: 'taken@example.test' });
    const id = await t.contact({ name: 'Keep Me', email: 'mine@example.test' });
    const r = await t.call('PUT', `/api/v2/users/${id}`, { user: { name: 'Changed', email: 'TAKEN@example.test' } });
    expect(r.status).toBe(422);
    expect(Object.keys(r.body.details)).toEqual(['email']);
    const u = await t.call('GET', `/api/v2/users/${id}`);
    expect(u.body.user).toMatchObject({ name: 'Keep Me', email: 'mine@example.test' });
  });

  it('answers 400 without the root key and 422 for bad fields, changing nothing', async () => {
    const id = await t.contact({ name: 'Same' });
    expect((await t.call('PUT', `/api/v2/users/${id}`, { name: 'x' })).status).toBe(400);
    expect((await t.call('PUT', `/api/v2/users/${id}`, '{"user":')).status).toBe(400);
    const bad = await t.call('PUT', `/api/v2/users/${id}`, { user: { name: '', role: 'boss' } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.details).sort()).toEqual(['name', 'role']);
    expect((await t.call('PUT', `/api/v2/users/${id}`, { user: { email: 'not-an-email' } })).status).toBe(422);
    expect((await t.call('POST', '/api/v2/users', { user: { email: 'a@b.test' } })).status).toBe(422);
    expect((await userRow(t, id)).name).toBe('Same');
    expect((await t.call('GET', '/api/v2/users/abc')).status).toBe(404);
    expect((await t.call('GET', '/api/v2/users/99999')).status).toBe(404);
    expect((await t.call('PUT', '/api/v2/users/99999', { user: { name: 'x' } })).status).toBe(404);
  });

  it('suspends and unsuspends through PUT, with the policy rules', async () => {
    const agent = await t.staff('agent');
    const id = await t.contact();
    const s = await t.call('PUT', `/api/v2/users/${id}`, { user: { suspended: true } }, agent);
    expect(s.body.user.suspended).toBe(true);
    expect((await t.call('GET', '/api/v2/suspended_users')).body.users.map((u: { id: number }) => u.id)).toEqual([id]);
    const u = await t.call('PUT', `/api/v2/users/${id}`, { user: { suspended: false } }, agent);
    expect(u.body.user.suspended).toBe(false);
    // Refused before anything changes: the name stays too.
    const self = await t.call('PUT', `/api/v2/users/${agent.id}`, { user: { suspended: true } }, agent);
    expect(self.status).toBe(403);
    const owner = await t.call('PUT', `/api/v2/users/${t.owner.id}`, { user: { name: 'Renamed', suspended: true } });
    expect(owner.status).toBe(403);
    expect((await userRow(t, t.owner.id)).name).toBe('Olive Owner');
    expect((await userRow(t, t.owner.id)).suspended).toBe(0);
  });

  it('lets only admins change roles, keeps the owner an admin, and needs an email for staff', async () => {
    const agent = await t.staff('agent');
    const id = await t.contact();
    const denied = await t.call('PUT', `/api/v2/users/${id}`, { user: { role: 'agent' } }, agent);
    expect(denied.status).toBe(403);
    expect((await userRow(t, id)).role).toBe('end-user');
    const promoted = await t.call('PUT', `/api/v2/users/${id}`, { user: { role: 'agent', can_delete_tickets: true } });
    expect(promoted.body.user).toMatchObject({ role: 'agent', can_delete_tickets: true });
    const back = await t.call('PUT', `/api/v2/users/${id}`, { user: { role: 'end-user' } });
    expect(back.body.user).toMatchObject({ role: 'end-user', can_delete_tickets: false });
    expect((await t.call('PUT', `/api/v2/users/${t.owner.id}`, { user: { role: 'agent' } })).status).toBe(422);
    const phoneOnly = await t.contact({ email: null, phone: '+44 20 7946 0003' });
    const noEmail = await t.call('PUT', `/api/v2/users/${phoneOnly}`, { user: { role: 'agent' } });
    expect(noEmail.status).toBe(422);
    expect((await userRow(t, phoneOnly)).role).toBe('end-user');
    // Agents may not edit other staff at all.
    expect((await t.call('PUT', `/api/v2/users/${t.owner.id}`, { user: { notes: 'x' } }, agent)).status).toBe(403);
  });

  it('lets an end user see themselves at /users/me and nothing else', async () => {
    const id = await t.contact({ email: 'eu@example.test' });
    await t.store.db.updateTable('users').set({ password_hash: await hashPassword('pw-123456') }).where('id', '=', id).execute();
    const who = { ...t.owner, auth: `Basic ${Buffer.from('eu@example.test:pw-123456').toString('base64')}` };
    const me = await t.call('GET', '/api/v2/users/me', undefined, who);
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id, role: 'end-user', email: 'eu@example.test' });
    expect((await t.call('GET', '/api/v2/users', undefined, who)).status).toBe(403);
    expect((await t.call('GET', '/api/v2/users', undefined, null)).status).toBe(401);
  });
});

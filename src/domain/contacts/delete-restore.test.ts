import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { insertTicket as insertTicketRow } from '../../../test/factories/index.ts';
import type { SpamCause, TicketState, TicketStatus } from '../../db/schema.ts';
import { deleteContact } from './delete-contact.ts';

/** A ticket row straight into the database: these tests are about contacts, not ticket creation. */
const insertTicket = (t: TestApp, requesterId: number, o: { status?: TicketStatus; state?: TicketState; spam_cause?: SpamCause | null } = {}) =>
  insertTicketRow(t, requesterId, { subject: 'Printer on fire', ...o });

async function ticket(t: TestApp, id: number) {
  return t.store.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function userRow(t: TestApp, id: number) {
  return t.store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describeEachDb('contact soft delete and restore', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  it('soft-deletes a contact: out of lists, addresses released, active tickets to Spam', async () => {
    const agent = await t.staff('agent');
    const id = await t.contact({ email: 'ann@example.test', phone: '+44 20 7946 0000' });
    const open = await insertTicket(t, id, { status: 'pending' });
    const marked = await insertTicket(t, id, { state: 'spam', spam_cause: 'marked' });
    const deleted = await insertTicket(t, id, { state: 'deleted' });
    const other = await t.contact();
    const othersTicket = await insertTicket(t, other);

    t.clock.advance(5_000);
    const r = await t.call('DELETE', `/api/v2/users/${id}.json`, undefined, agent);
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ id, active: false, email: 'ann@example.test' });

    const u = await userRow(t, id);
    expect(u.deleted_at).toBe(t.clock.now().toISOString());
    expect(u.deleted_by_id).toBe(agent.id);
    const ids = await t.store.db.selectFrom('identities').selectAll().where('user_id', '=', id).execute();
    expect(ids.map((i) => i.released)).toEqual([1, 1]);

    const moved = await ticket(t, open);
    expect(moved).toMatchObject({ state: 'spam', spam_cause: 'contact_deleted', status: 'pending', state_actor_id: agent.id });
    expect(moved.state_changed_at).toBe(t.clock.now().toISOString());
    expect(await ticket(t, marked)).toMatchObject({ state: 'spam', spam_cause: 'marked' });
    expect(await ticket(t, deleted)).toMatchObject({ state: 'deleted', spam_cause: null });
    expect(await ticket(t, othersTicket)).toMatchObject({ state: 'active' });

    expect((await t.call('GET', `/api/v2/users/${id}`)).status).toBe(404);
    const list = await t.call('GET', '/api/v2/users');
    expect(list.body.users.map((x: { id: number }) => x.id)).not.toContain(id);
    const search = await t.call('GET', '/api/v2/users/search?query=ann');
    expect(search.body.users).toEqual([]);
    const del = await t.call('GET', `/api/v2/deleted_users/${id}`);
    expect(del.status).toBe(200);
    expect(del.body.deleted_user).toMatchObject({ id, name: expect.any(String), email: 'ann@example.test', active: false });
    const count = await t.call('GET', '/api/v2/deleted_users/count');
    expect(count.body.count).toEqual({ value: 1, refreshed_at: '2026-11-22T10:00:05Z' });

    const audit = await t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'user.deleted').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toEqual({ role: 'end-user', tickets_moved_to_spam: 1, identities_released: 2 });
    expect(audit.details).not.toContain('@');
  });

  it('restores exactly the tickets the deletion moved, and a suspended contact stays suspended', async () => {
    const id = await t.contact({ suspended: true });
    const moved = await insertTicket(t, id, { status: 'hold' });
    const marked = await insertTicket(t, id, { state: 'spam', spam_cause: 'marked' });
    expect((await t.call('DELETE', `/api/v2/users/${id}`)).status).toBe(200);
    const r = await t.call('PUT', `/api/v2/deleted_users/${id}/restore.json`);
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ id, active: true, suspended: true });
    expect(await ticket(t, moved)).toMatchObject({ state: 'active', status: 'hold', spam_cause: null, state_changed_at: null });
    expect(await ticket(t, marked)).toMatchObject({ state: 'spam', spam_cause: 'marked' });
    const ids = await t.store.db.selectFrom('identities').select('released').where('user_id', '=', id).execute();
    expect(ids.every((i) => i.released === 0)).toBe(true);
    expect((await t.call('GET', `/api/v2/users/${id}`)).status).toBe(200);
    expect((await t.call('GET', `/api/v2/deleted_users/${id}`)).status).toBe(404);
    const suspended = await t.call('GET', '/api/v2/suspended_users');
    expect(suspended.body.users.map((u: { id: number }) => u.id)).toEqual([id]);
  });

  it('releases the address: the same email makes a NEW contact, and restore then gets 409 and changes nothing', async () => {
    const id = await t.contact({ email: 'Bob@Example.test' });
    const moved = await insertTicket(t, id);
    await t.call('DELETE', `/api/v2/users/${id}`);
    const created = await t.call('POST', '/api/v2/users', { user: { name: 'Bob again', email: 'bob@example.test' } });
    expect(created.status).toBe(201);
    expect(created.body.user.id).not.toBe(id);

    const before = await userRow(t, id);
    const r = await t.call('PUT', `/api/v2/deleted_users/${id}/restore`);
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ error: 'Conflict', description: expect.stringContaining('The email address of this user now belongs to another user') });
    expect(r.body.description).not.toContain('bob@');
    expect(r.body.description).not.toContain(String(created.body.user.id));
    expect(await userRow(t, id)).toEqual(before);
    expect(await ticket(t, moved)).toMatchObject({ state: 'spam', spam_cause: 'contact_deleted' });
    const ids = await t.store.db.selectFrom('identities').select('released').where('user_id', '=', id).execute();
    expect(ids.map((i) => i.released)).toEqual([1]);
  });

  it('names the kind of identity in the 409 (a phone number)', async () => {
    const id = await t.contact({ email: 'p1@example.test', phone: '+33 1 42 68 53 00' });
    await t.call('DELETE', `/api/v2/users/${id}`);
    await t.contact({ email: 'p2@example.test', phone: '+33142685300' });
    const r = await t.call('PUT', `/api/v2/deleted_users/${id}/restore`);
    expect(r.status).toBe(409);
    expect(r.body.description).toContain('The phone number of this user now belongs to another user');
  });

  it('refuses a restore while an erasure is in progress (422), changing nothing', async () => {
    const id = await t.contact();
    const moved = await insertTicket(t, id);
    await t.call('DELETE', `/api/v2/users/${id}`);
    await t.store.db.updateTable('users').set({ erasing_since: t.clock.now().toISOString() }).where('id', '=', id).execute();
    const r = await t.call('PUT', `/api/v2/deleted_users/${id}/restore`);
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body.details)).toContain('An erasure is in progress; it cannot be restored');
    expect((await userRow(t, id)).deleted_at).not.toBeNull();
    expect(await ticket(t, moved)).toMatchObject({ state: 'spam' });
  });

  it('does not restore live or erased users, and hides erased users everywhere', async () => {
    const live = await t.contact();
    expect((await t.call('PUT', `/api/v2/deleted_users/${live}/restore`)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/deleted_users/${live}`)).status).toBe(404);
    const erased = await t.contact();
    await t.call('DELETE', `/api/v2/users/${erased}`);
    await t.store.db.updateTable('users').set({ erased_at: t.clock.now().toISOString() }).where('id', '=', erased).execute();
    expect((await t.call('PUT', `/api/v2/deleted_users/${erased}/restore`)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/deleted_users/${erased}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/users/${erased}`)).status).toBe(404);
    expect((await t.call('GET', '/api/v2/deleted_users')).body.deleted_users).toEqual([]);
    expect((await t.call('GET', '/api/v2/deleted_users/count')).body.count.value).toBe(0);
    expect((await t.call('DELETE', `/api/v2/users/${erased}`)).status).toBe(404);
  });

  it('refuses to delete the owner, yourself, and (for agents) staff; deleting twice is a 404', async () => {
    const agent = await t.staff('agent');
    const agent2 = await t.staff('agent');
    const admin = await t.staff('admin');
    const cases: [number, typeof agent, number][] = [
      [t.owner.id, admin, 403],
      [admin.id, admin, 403],
      [agent.id, agent, 403],
      [agent2.id, agent, 403],
      [admin.id, agent, 403],
    ];
    for (const [target, who, status] of cases) {
      const r = await t.call('DELETE', `/api/v2/users/${target}`, undefined, who);
      expect(r.status, `${who.id} deleting ${target}`).toBe(status);
      expect(r.body.error).toBe('Forbidden');
      expect((await userRow(t, target)).deleted_at).toBeNull();
    }
    const owner = await t.call('DELETE', `/api/v2/users/${t.owner.id}`, undefined, admin);
    expect(owner.body.description).toContain('owner');
    // An admin deletes agents and other admins.
    expect((await t.call('DELETE', `/api/v2/users/${agent2.id}`, undefined, admin)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/users/${agent2.id}`, undefined, admin)).status).toBe(404);
    // A deleted agent's token stops working.
    expect((await t.call('GET', '/api/v2/users', undefined, agent2)).status).toBe(401);
    const admin2 = await t.staff('admin');
    expect((await t.call('DELETE', `/api/v2/users/${admin2.id}`, undefined, admin)).status).toBe(200);
  });

  it('refuses agents restoring staff, lets admins restore them', async () => {
    const agent = await t.staff('agent');
    const victim = await t.staff('agent');
    await t.call('DELETE', `/api/v2/users/${victim.id}`);
    const denied = await t.call('PUT', `/api/v2/deleted_users/${victim.id}/restore`, undefined, agent);
    expect(denied.status).toBe(403);
    expect((await userRow(t, victim.id)).deleted_at).not.toBeNull();
    expect((await t.call('PUT', `/api/v2/deleted_users/${victim.id}/restore`)).status).toBe(200);
    const contact = await t.contact();
    await t.call('DELETE', `/api/v2/users/${contact}`, undefined, agent);
    expect((await t.call('PUT', `/api/v2/deleted_users/${contact}/restore`, undefined, agent)).status).toBe(200);
  });

  it('keeps the last admin', async () => {
    // With the owner flag gone the owner is an ordinary admin, and the only one.
    await t.store.db.updateTable('users').set({ is_owner: 0 }).where('id', '=', t.owner.id).execute();
    await expect(deleteContact(t.ctx, { userId: t.owner.id })).rejects.toMatchObject({ code: 'record_invalid' });
    expect((await userRow(t, t.owner.id)).deleted_at).toBeNull();
    const demote = await t.call('PUT', `/api/v2/users/${t.owner.id}`, { user: { role: 'agent' } });
    expect(demote.status).toBe(422);
    expect(Object.keys(demote.body.details)).toEqual(['role']);
    expect((await userRow(t, t.owner.id)).role).toBe('admin');
    // A second admin makes the first one removable.
    const admin = await t.staff('admin');
    expect((await t.call('PUT', `/api/v2/users/${t.owner.id}`, { user: { role: 'agent' } }, admin)).status).toBe(200);
    expect((await userRow(t, t.owner.id)).role).toBe('agent');
  });

  it('a deleted contact cannot be updated, suspended or given identities', async () => {
    const id = await t.contact();
    await t.call('DELETE', `/api/v2/users/${id}`);
    expect((await t.call('PUT', `/api/v2/users/${id}`, { user: { name: 'X' } })).status).toBe(404);
    expect((await t.call('PUT', `/api/v2/users/${id}`, { user: { suspended: true } })).status).toBe(404);
    expect((await t.call('POST', `/api/v2/users/${id}/identities`, { identity: { type: 'email', value: 'z@example.test' } })).status).toBe(404);
    expect((await userRow(t, id)).suspended).toBe(0);
  });
});

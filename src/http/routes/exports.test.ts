import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { seedTicket } from '../../../test/factories/index.ts';

// The right of access through the HTTP API (docs/api.md; GDPR Art. 15/20).

describeEachDb('user export', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  async function plant() {
    const agent = await t.staff('agent', { name: 'Agatha Agentname' });
    const anna = await t.contact({ name: 'Anna Exportee', email: 'anna@person.test', alias: 'Annie', notes: 'Prefers mail', tags: ['vip'] });
    const bob = await t.contact({ name: 'Bob Otherperson', email: 'bob@other.test' });
    expect((await t.call('POST', `/api/v2/users/${anna}/identities`, { identity: { type: 'phone_number', value: '+44 20 7946 0958' } })).status).toBe(201);
    const mine = await t.call('POST', '/api/v2/tickets', {
      ticket: { subject: 'Anna asks', requester_id: anna, collaborator_ids: [bob], comment: { body: 'My own words', author_id: anna } },
    });
    const tid = mine.body.ticket.id as number;
    const say = (comment: Record<string, unknown>, who = t.owner) => t.call('PUT', `/api/v2/tickets/${tid}`, { ticket: { comment } }, who);
    expect((await say({ body: 'Public reply from support', public: true }, agent)).status).toBe(200);
    expect((await say({ body: 'Internal note: secretnoteword', public: false }, agent)).status).toBe(200);
    expect((await say({ body: 'Bob says bobsecretword', author_id: bob, public: true })).status).toBe(200);
    const his = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Bobs private subject', requester_id: bob, comment: { body: 'Bob description', author_id: bob } } });
    const hid = his.body.ticket.id as number;
    expect((await t.call('PUT', `/api/v2/tickets/${hid}`, { ticket: { comment: { body: 'Anna chimes in', author_id: anna } } })).status).toBe(200);
    return { agent, anna, bob, tid, hid };
  }

  async function exportOf(id: number, who = t.owner) {
    const r = await t.call('GET', `/api/v2/users/${id}/export.json`, undefined, who);
    return r;
  }

  it('holds their profile, identities, tickets and own comments, and leaves other people out', async () => {
    const { agent, anna, tid, hid } = await plant();
    const r = await exportOf(anna, agent);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    const x = r.body.user_export;
    expect(x.user_id).toBe(anna);
    expect(x.profile).toMatchObject({ id: anna, name: 'Anna Exportee', alias: 'Annie', notes: 'Prefers mail', role: 'end-user', state: 'active' });
    expect(x.identities.map((i: { value: string }) => i.value)).toEqual(expect.arrayContaining(['anna@person.test', '+44 20 7946 0958']));
    expect(x.tags).toEqual(['vip']);
    expect(x.requested_tickets.map((tk: { id: number }) => tk.id)).toEqual([tid]);
    const [mine] = x.requested_tickets;
    expect(mine.subject).toBe('Anna asks');
    expect(mine.comments.map((c: { body: string; from: string }) => [c.from, c.body])).toEqual([
      ['you', 'My own words'],
      ['support', 'Public reply from support'],
    ]);
    expect(x.tickets_copied_on).toEqual([]);
    expect(x.comments_on_other_tickets).toMatchObject([{ ticket_id: hid, from: 'you', body: 'Anna chimes in' }]);
    expect(x.satisfaction_ratings).toEqual([]);

    const text = JSON.stringify(r.body);
    for (const other of ['secretnoteword', 'bobsecretword', 'Bob', 'bob@other.test', 'Agatha', agent.email, 'Bobs private subject', 'Bob description']) {
      expect(text, other).not.toContain(other);
    }
    // The access is on record, by whom, without data.
    const ev = await t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'user.exported').execute();
    expect(ev).toMatchObject([{ actor_id: agent.id, subject_id: anna, details: '{}' }]);
  });

  it('exports a deleted contact (with their tickets now in Spam), refuses an erased one', async () => {
    const { anna, tid } = await plant();
    expect((await t.call('DELETE', `/api/v2/users/${anna}`)).status).toBe(200);
    const r = await exportOf(anna);
    expect(r.status).toBe(200);
    expect(r.body.user_export.profile.state).toBe('deleted');
    expect(r.body.user_export.requested_tickets).toMatchObject([{ id: tid, state: 'spam' }]);
    expect((await t.call('DELETE', `/api/v2/deleted_users/${anna}`)).status).toBe(200);
    const gone = await exportOf(anna);
    expect(gone.status).toBe(404);
    expect((await exportOf(999_999)).status).toBe(404);
  });

  it('is for staff; a staff member’s export is for admins', async () => {
    const { agent, anna } = await plant();
    const other = await t.staff('agent');
    expect((await exportOf(agent.id, other)).status).toBe(403);
    expect((await exportOf(agent.id, agent)).status).toBe(200);
    expect((await exportOf(agent.id)).status).toBe(200);
    const r = await t.call('GET', `/api/v2/users/${anna}/export`, undefined, null);
    expect(r.status).toBe(401);
  });

  it('pages through many tickets and comments without losing any', async () => {
    const anna = await t.contact({ name: 'Many Tickets' });
    const ids: number[] = [];
    for (let i = 0; i < 230; i++) ids.push((await seedTicket(t, { requesterId: anna, subject: `T${i}`, comments: [`c${i}a`, `c${i}b`] })).id);
    const r = await exportOf(anna);
    expect(r.status).toBe(200);
    const tickets = r.body.user_export.requested_tickets as { id: number; comments: { body: string }[] }[];
    expect(tickets.map((x) => x.id)).toEqual(ids);
    expect(tickets.every((x, i) => x.comments.map((c) => c.body).join() === `c${i}a,c${i}b`)).toBe(true);
  });
});

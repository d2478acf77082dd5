import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { insertGroup, insertOrganization, seedTicket } from '../../test/factories/index.ts';

// Each element of the query syntax, through HTTP, on both databases.

describeEachDb('search syntax', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  async function search(q: string, who?: Parameters<TestApp['call']>[3]) {
    const r = await t.call('GET', `/api/v2/search?query=${encodeURIComponent(q)}`, undefined, who);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { results: { id: number; result_type: string }[]; count: number };
  }
  const idsOf = (body: { results: { id: number; result_type: string }[] }, type: string) =>
    body.results.filter((x) => x.result_type === type).map((x) => x.id).sort((a, b) => a - b);
  const tickets = async (q: string, who?: Parameters<TestApp['call']>[3]) => idsOf(await search(q, who), 'ticket');
  const users = async (q: string) => idsOf(await search(q), 'user');

  it('matches bare words anywhere in a ticket, and a quoted phrase only in order', async () => {
    const rq = await t.contact();
    const a = await seedTicket(t, { requesterId: rq, subject: 'Ruby slipper missing', comments: ['Where did it go?'] });
    const b = await seedTicket(t, { requesterId: rq, subject: 'Shoe question', comments: ['the slipper is ruby red'] });
    const c = await seedTicket(t, { requesterId: rq, subject: 'Two parts', comments: ['first ruby', 'then a slipper'] });
    await seedTicket(t, { requesterId: rq, subject: 'Unrelated', comments: ['nothing here'] });
    expect(await tickets('ruby slipper')).toEqual([a.id, b.id, c.id]);
    expect(await tickets('"ruby slipper"')).toEqual([a.id]);
    expect(await tickets('"slipper is ruby"')).toEqual([b.id]);
    expect(await tickets('RUBY')).toEqual([a.id, b.id, c.id]);
  });

  it('finds an email address whole: exactly the right user and ticket', async () => {
    const anna = await t.contact({ name: 'Anna Karenina', email: 'anna.k@example.com' });
    const plain = await t.contact({ email: 'anna@example.com' });
    await t.contact({ email: 'k.anna@example.com' });
    const org = await t.contact({ email: 'anna.k@example.org' });
    await t.contact({ email: 'joanna.k@example.com' });
    const rq = await t.contact();
    const hit = await seedTicket(t, { requesterId: rq, comments: ['please write to anna.k@example.com soon'] });
    await seedTicket(t, { requesterId: rq, comments: ['write to anna@example.com'] });
    await seedTicket(t, { requesterId: rq, comments: ['or k.anna@example.com or joanna.k@example.com'] });
    const body = await search('anna.k@example.com');
    expect(idsOf(body, 'user')).toEqual([anna]);
    expect(idsOf(body, 'ticket')).toEqual([hit.id]);
    expect(body.results).toHaveLength(2);
    expect(await users('Anna.K@Example.COM')).toEqual([anna]);
    expect(await search('email:anna.k@example.com').then((b) => b.results.map((r) => [r.result_type, r.id]))).toEqual([['user', anna]]);
    expect(await users('email:anna*')).toEqual([anna, plain, org].sort((x, y) => x - y));
  });

  it('finds phone numbers whole, in the form written and in international form', async () => {
    const piet = await t.contact({ name: 'Piet Phone', phone: '+44 20 7946 0958' });
    const other = await t.contact({ phone: '+44 20 7946 0959' });
    const rq = await t.contact();
    const hit = await seedTicket(t, { requesterId: rq, comments: ['call me on +44 20 7946 0958 after six'] });
    const quoted = await search('"+44 20 7946 0958"');
    expect(idsOf(quoted, 'user')).toEqual([piet]);
    expect(idsOf(quoted, 'ticket')).toEqual([hit.id]);
    expect(await users('+442079460958')).toEqual([piet]);
    expect(await tickets('+442079460958')).toEqual([]);
    expect(await users('"+44 20 7946 0959"')).toEqual([other]);
  });

  it('excludes with -term and matches prefixes with a trailing *', async () => {
    const rq = await t.contact();
    const jam = await seedTicket(t, { requesterId: rq, subject: 'printer jam' });
    const fire = await seedTicket(t, { requesterId: rq, subject: 'printer on fire' });
    const door = await seedTicket(t, { requesterId: rq, subject: 'door', comments: ['it is jammed'] });
    expect(await tickets('printer -jam')).toEqual([fire.id]);
    expect(await tickets('printer -"on fire"')).toEqual([jam.id]);
    expect(await tickets('jam*')).toEqual([jam.id, door.id]);
    expect(await tickets('-printer jam*')).toEqual([door.id]);
    expect(await tickets('prin*')).toEqual([jam.id, fire.id]);
    expect(await tickets('jamx*')).toEqual([]);
  });

  it('filters tickets by status with < and >, requester, assignee and tags', async () => {
    const agent = await t.staff('agent');
    const r1 = await t.contact({ email: 'r1@example.com' });
    const r2 = await t.contact();
    const byStatus: Record<string, number> = {};
    for (const status of ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const) {
      byStatus[status] = (await seedTicket(t, { requesterId: r1, status, subject: 'status probe' })).id;
    }
    const mine = await seedTicket(t, { requesterId: r2, assigneeId: agent.id, subject: 'status probe', tags: ['vip'] });
    const s = (...names: string[]) => names.map((n) => byStatus[n]!);
    expect(await tickets('probe status<solved')).toEqual([...s('new', 'open', 'pending', 'hold'), mine.id]);
    expect(await tickets('probe status>pending')).toEqual(s('hold', 'solved', 'closed'));
    expect(await tickets('probe status:pending')).toEqual(s('pending'));
    expect(await tickets('probe -status:closed -status:solved -status:new')).toEqual([...s('open', 'pending', 'hold'), mine.id]);
    expect(await tickets('requester:r1@example.com')).toEqual(Object.values(byStatus));
    expect(await tickets('requester:R1@EXAMPLE.COM status:new')).toEqual(s('new'));
    expect(await tickets(`requester:${r2}`)).toEqual([mine.id]);
    expect(await tickets(`assignee:${agent.id}`)).toEqual([mine.id]);
    expect(await tickets('assignee:me', agent)).toEqual([mine.id]);
    expect(await tickets('assignee:me')).toEqual([]);
    expect(await tickets('probe assignee:none')).toEqual(Object.values(byStatus));
    expect(await tickets('probe -assignee:none')).toEqual([mine.id]);
    expect(await tickets('tags:vip')).toEqual([mine.id]);
    expect(await tickets('probe -tags:vip status:open')).toEqual(s('open'));
  });

  it('filters users by email, role and tags, and keywords about tickets leave users out', async () => {
    const agent = await t.staff('agent', { name: 'Vera Agent' });
    const vip = await t.contact({ name: 'Vera Contact', tags: ['vip'] });
    expect(await users('vera role:agent')).toEqual([agent.id]);
    expect(await users('vera role:end-user')).toEqual([vip]);
    expect(await users('vera -role:agent')).toEqual([vip]);
    expect(await users(`email:${agent.email}`)).toEqual([agent.id]);
    expect(await users('tags:vip')).toEqual([vip]);
    expect(await users('vera status:open')).toEqual([]);
    expect(await users('vera -status:open')).toEqual([]);
  });

  it('filters by created and updated dates, whole UTC days', async () => {
    const rq = await t.contact();
    const oct = await seedTicket(t, { requesterId: rq, subject: 'dated', createdAt: '2026-10-15T12:00:00.000Z', updatedAt: '2026-11-10T23:59:59.000Z' });
    const nov5 = await seedTicket(t, { requesterId: rq, subject: 'dated', createdAt: '2026-11-05T00:00:00.000Z' });
    const nov21 = await seedTicket(t, { requesterId: rq, subject: 'dated', createdAt: '2026-11-21T08:00:00.000Z' });
    expect(await tickets('dated created<2026-11-01')).toEqual([oct.id]);
    expect(await tickets('dated created<2026-11-05')).toEqual([oct.id]);
    expect(await tickets('dated created<=2026-11-05')).toEqual([oct.id, nov5.id]);
    expect(await tickets('dated created>2026-11-05')).toEqual([nov21.id]);
    expect(await tickets('dated created>=2026-11-05')).toEqual([nov5.id, nov21.id]);
    expect(await tickets('dated created:2026-11-05')).toEqual([nov5.id]);
    expect(await tickets('dated updated<2026-11-11')).toEqual([oct.id, nov5.id]);
    expect(await tickets('dated updated>2026-11-10')).toEqual([nov21.id]);
    expect(await tickets('dated created>2026-10-01 created<2026-11-10')).toEqual([oct.id, nov5.id]);
  });

  it('restricts to a type, and finds organization and group names and attachment file names', async () => {
    const org = await insertOrganization(t, 'Acme Widgets');
    const group = await insertGroup(t, 'Acme Support');
    const buyer = await t.contact({ name: 'Acme Buyer' });
    const ticket = await seedTicket(t, { requesterId: buyer, subject: 'acme order' });
    const file = await seedTicket(t, { requesterId: buyer, subject: 'receipt', attachments: ['invoice-2026.pdf'] });
    const types = async (q: string) => (await search(q)).results.map((r) => `${r.result_type}:${r.id}`).sort();
    expect(await types('acme')).toEqual([`group:${group}`, `organization:${org}`, `ticket:${ticket.id}`, `user:${buyer}`]);
    expect(await types('type:organization acme')).toEqual([`organization:${org}`]);
    expect(await types('type:group acme')).toEqual([`group:${group}`]);
    expect(await types('type:user acme')).toEqual([`user:${buyer}`]);
    expect(await types('type:ticket acme')).toEqual([`ticket:${ticket.id}`]);
    expect(await types('acme -type:ticket -type:user')).toEqual([`group:${group}`, `organization:${org}`]);
    expect(await types('type:group acme OR widgets')).toEqual([`group:${group}`]);
    expect(await types('type:organization OR type:group acme')).toEqual([`group:${group}`, `organization:${org}`]);
    expect(await tickets('invoice')).toEqual([file.id]);
    expect(await tickets('invoice-2026.pdf')).toEqual([file.id]);
    expect(await tickets('invoice.pdf')).toEqual([]);
  });

  it('ORs alternatives the way a person search needs', async () => {
    const anna = await t.contact({ name: 'Anna Karenina', email: 'anna.k@example.com', phone: '+44 20 7946 0958' });
    const rq = await t.contact();
    const byName = await seedTicket(t, { requesterId: rq, comments: ['Anna Karenina called'] });
    const byMail = await seedTicket(t, { requesterId: rq, subject: 'from anna.k@example.com' });
    const byPhone = await seedTicket(t, { requesterId: rq, attachments: ['notes +44 20 7946 0958.txt'] });
    await seedTicket(t, { requesterId: rq, comments: ['Anna called, not Karenina'] });
    const body = await search('"Anna Karenina" OR anna.k@example.com OR "+44 20 7946 0958" OR annak OR "k anna"');
    expect(idsOf(body, 'ticket')).toEqual([byName.id, byMail.id, byPhone.id]);
    expect(idsOf(body, 'user')).toEqual([anna]);
  });
});

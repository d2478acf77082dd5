import { afterAll, beforeAll, expect, it } from 'vitest';
import zendesk from 'node-zendesk';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';

// The rest of the Zendesk surface integrations call (issue 14, part 6), through the
// unmodified node-zendesk client against a real `oubli serve`: bulk jobs, side-loading
// (the client fills ticket.requester from it), counts, audits and the lists under a record.

type Client = ReturnType<typeof zendesk.createClient>;
type Any = any;

describeEachDb('node-zendesk: bulk jobs, side-loads, counts and related lists', (kind) => {
  let server: RunningServer;
  let client: Client;
  const api = async (method: string, path: (string | number | object)[], body?: object): Promise<Any> => {
    const r = await (client.activitystream as Any).request(method, path, ...(body ? [body] : []));
    return r.result;
  };
  const watchJob = async (id: string): Promise<Any> => (client.jobstatuses as Any).watch(id, 50, 10);

  beforeAll(async () => {
    server = await startServer(kind);
    client = zendesk.createClient({ username: server.ownerEmail, token: server.token, endpointUri: `${server.baseUrl}/api/v2`, throwOriginalException: true } as Any);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('creates, creates-or-updates and updates users in bulk, watching the jobs', async () => {
    const { result: started } = (await client.users.createMany({ users: [{ name: 'Bulk A', email: 'bulk-a@e2e.test' }, { name: 'Bulk B', email: 'bulk-b@e2e.test' }] } as Any)) as Any;
    const made = await watchJob(started.job_status.id);
    expect(made.status).toBe('completed');
    expect(made.results.map((r: Any) => [r.index, r.status])).toEqual([
      [0, 'Created'],
      [1, 'Created'],
    ]);
    const [a, b] = made.results.map((r: Any) => r.id as number);

    const { result: upsert } = (await client.users.createOrUpdate({ user: { email: 'bulk-a@e2e.test', notes: 'Upserted' } } as Any)) as Any;
    expect(upsert).toMatchObject({ id: a, notes: 'Upserted' });
    const { result: many } = (await client.users.createOrUpdateMany({ users: [{ email: 'bulk-b@e2e.test', name: 'Bulk B2' }, { name: 'Bulk C', email: 'bulk-c@e2e.test' }] } as Any)) as Any;
    const upserted = await watchJob(many.job_status.id);
    expect(upserted.results.map((r: Any) => [r.id === b, r.action])).toEqual([
      [true, 'update'],
      [false, 'create'],
    ]);

    // node-zendesk sends its first argument as the body when given two; with three it sends ?ids=.
    const { result: upd } = (await (client.users.updateMany as Any)([a, b], { user: { notes: 'Same for both' } }, undefined)) as Any;
    expect((await watchJob(upd.job_status.id)).results.every((r: Any) => r.success)).toBe(true);
    const { result: shown } = (await client.users.show(b)) as Any;
    expect(shown).toMatchObject({ name: 'Bulk B2', notes: 'Same for both' });
  });

  it('creates and updates tickets in bulk, then side-loads their people, groups and organizations', async () => {
    const { result: org } = (await client.organizations.create({ organization: { name: 'Sideload Org' } } as Any)) as Any;
    const { result: group } = (await client.groups.create({ group: { name: 'Sideload Group' } } as Any)) as Any;
    const { result: requester } = (await client.users.create({ user: { name: 'Rita Requester', email: 'rita@e2e.test', organization_id: org.id } } as Any)) as Any;
    const { result: cc } = (await client.users.create({ user: { name: 'Cora Copied', email: 'cora@e2e.test' } } as Any)) as Any;
    const { result: started } = (await client.tickets.createMany({
      tickets: [
        { subject: 'Side one', comment: { body: 'One' }, requester_id: requester.id, group_id: group.id, collaborator_ids: [cc.id] },
        { subject: 'Side two', comment: { body: 'Two' }, requester_id: requester.id },
      ],
    } as Any)) as Any;
    const made = await watchJob(started.job_status.id);
    const [one, two] = made.results.map((r: Any) => r.id as number);
    expect(made.results.every((r: Any) => r.success)).toBe(true);

    const { result: upd } = (await client.tickets.updateMany([one, two], { ticket: { priority: 'high' } } as Any)) as Any;
    expect((await watchJob(upd.job_status.id)).results.every((r: Any) => r.success)).toBe(true);
    const each = await api('PUT', ['tickets', 'update_many'], { tickets: [{ id: one, status: 'pending' }, { id: two, subject: 'Side two renamed' }] });
    expect((await watchJob(each.job_status.id)).results.map((r: Any) => r.success)).toEqual([true, true]);

    client.tickets.setSideLoad(['users', 'groups', 'organizations']);
    try {
      const { result: t } = (await client.tickets.show(one)) as Any;
      expect(t).toMatchObject({ id: one, status: 'pending', priority: 'high' });
      // node-zendesk's side-load map: requester, submitter and organization filled in.
      expect(t.requester).toMatchObject({ id: requester.id, name: 'Rita Requester' });
      expect(t.submitter).toMatchObject({ email: server.ownerEmail });
      expect(t.organization).toMatchObject({ id: org.id, name: 'Sideload Org' });
      const body = await api('GET', ['tickets', one, { include: 'users,groups,organizations' }]);
      expect(body.users.map((u: Any) => u.id).sort()).toEqual([requester.id, cc.id, t.submitter_id].sort());
      expect(body.groups).toEqual([expect.objectContaining({ id: group.id, name: 'Sideload Group' })]);
      expect(body.organizations).toEqual([expect.objectContaining({ id: org.id })]);
      const list = (await client.tickets.list()) as Any[];
      const two_ = list.find((x: Any) => x.id === two);
      expect(two_).toMatchObject({ subject: 'Side two renamed', requester: expect.objectContaining({ name: 'Rita Requester' }) });
      const { result: many } = (await client.tickets.showMany([one, two])) as Any;
      expect(many.map((x: Any) => x.requester?.id)).toEqual([requester.id, requester.id]);
    } finally {
      client.tickets.setSideLoad([]);
    }

    // The lists under a record, and the history.
    // Pages of {users: […]}: the tickets client unwraps only its own keys.
    const ccs = (await client.tickets.listCollaborators(one)) as Any[];
    expect(ccs.flatMap((p: Any) => p.users).map((u: Any) => u.id)).toEqual([cc.id]);
    const ccd = (await client.tickets.listByUserCCD(cc.id)) as Any[];
    expect(ccd.map((x: Any) => x.id)).toEqual([one]);
    const members = (await client.users.listByOrganization(org.id)) as Any[];
    expect(members.map((u: Any) => u.id)).toEqual([requester.id]);
    const audits = (await client.tickets.exportAudit(one)) as Any[];
    expect(audits.length).toBeGreaterThanOrEqual(3);
    expect(audits[0].events).toContainEqual(expect.objectContaining({ type: 'Comment', body: 'One' }));
    const { result: audit } = (await client.ticketaudits.show(one, audits[1].id)) as Any;
    expect(audit.id).toBe(audits[1].id);
    const { result: auditCount } = (await client.ticketaudits.count(one)) as Any;
    expect(auditCount).toMatchObject({ count: { value: audits.length } });

    const count = await api('GET', ['tickets', 'count']);
    expect(count.count).toEqual({ value: expect.any(Number), refreshed_at: expect.stringMatching(/Z$/) });
    expect(count.count.value).toBeGreaterThanOrEqual(2);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import zendesk from 'node-zendesk';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';

// The real server, started as a user starts it, driven by the unmodified node-zendesk
// client: if a Zendesk script works against this, it works against Oubli.

type Client = ReturnType<typeof zendesk.createClient>;
type Any = any;

describeEachDb('node-zendesk against the real server', (kind) => {
  let server: RunningServer;
  let client: Client;
  /**
   * The client's generic request, for Oubli's extensions and the endpoints it has no method
   * for. Each sub-client unwraps answers by its own root keys (users → the array), so this
   * goes through one whose keys ("activities") none of ours share, to see whole bodies.
   */
  const api = async (method: string, path: (string | number | object)[], body?: object): Promise<Any> => {
    const r = await (client.activitystream as Any).request(method, path, ...(body ? [body] : []));
    return r.result;
  };
  /** The HTTP status of a request the client refuses. */
  const statusOf = async (p: Promise<unknown>): Promise<number> => {
    try {
      await p;
      return 200;
    } catch (err) {
      return (err as { statusCode?: number }).statusCode ?? -1;
    }
  };
  const watchJob = async (id: string): Promise<Any> => (client.jobstatuses as Any).watch(id, 50, 5);

  beforeAll(async () => {
    server = await startServer(kind);
    client = zendesk.createClient({
      username: server.ownerEmail,
      token: server.token,
      endpointUri: `${server.baseUrl}/api/v2`,
      throwOriginalException: true,
    } as Any);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('authenticates with the token setup printed', async () => {
    const { result } = (await client.users.me()) as Any;
    expect(result.email).toBe(server.ownerEmail);
    expect(result.role).toBe('admin');
  });

  it('walks a contact through suspend, delete, restore and erase', async () => {
    const { result: contact } = (await client.users.create({ user: { name: 'Dana Doe', email: 'dana@e2e.test' } })) as Any;
    expect(contact.role).toBe('end-user');
    const { result: created } = (await client.tickets.create({
      ticket: { subject: 'Printer on fire', comment: { body: 'It is on fire.' }, requester_id: contact.id },
    } as Any)) as Any;
    const ticketId = created.ticket?.id ?? created.id;

    const { result: suspended } = (await client.users.suspend(contact.id)) as Any;
    expect(suspended.suspended).toBe(true);
    const list = await api('GET', ['suspended_users']);
    expect(list.users.map((u: Any) => u.id)).toContain(contact.id);
    const { result: unsuspended } = (await client.users.unsuspend(contact.id)) as Any;
    expect(unsuspended.suspended).toBe(false);

    await client.users.delete(contact.id);
    const spam = await api('GET', ['spam_tickets']);
    expect(spam.tickets.map((t: Any) => t.id)).toContain(ticketId);
    expect(await statusOf(client.users.show(contact.id))).toBe(404);

    // The address is free: the same person writing again is someone new.
    const { result: again } = (await client.users.create({ user: { name: 'Dana Again', email: 'dana@e2e.test' } })) as Any;
    expect(again.id).not.toBe(contact.id);
    expect(await statusOf(api('PUT', ['deleted_users', contact.id, 'restore']))).toBe(409);
    await client.users.delete(again.id);
    const restored = await api('PUT', ['deleted_users', contact.id, 'restore']);
    expect(restored.user.active).toBe(true);
    const { result: back } = (await client.tickets.show(ticketId)) as Any;
    expect(back.status).toBe('new');

    await client.users.delete(contact.id);
    const erased = await api('DELETE', ['deleted_users', contact.id]);
    expect(erased.deleted_user).toMatchObject({ id: contact.id, name: 'Permanently Deleted User', email: null, phone: null });
    expect(await statusOf(client.tickets.show(ticketId))).toBe(404);
    const deletedUsers = await api('GET', ['deleted_users']);
    expect(deletedUsers.deleted_users.map((u: Any) => u.id)).not.toContain(contact.id);
  });

  it('keeps closed tickets closed, and spam suspends the requester', async () => {
    const { result: requester } = (await client.users.create({ user: { name: 'Sam Spam', email: 'sam@e2e.test' } })) as Any;
    const { result: t1 } = (await client.tickets.create({
      ticket: { subject: 'Hello', comment: { body: 'Hi there' }, requester_id: requester.id },
    } as Any)) as Any;
    const id = t1.ticket?.id ?? t1.id;
    await client.tickets.update(id, { ticket: { status: 'solved' } } as Any);
    await api('PUT', ['tickets', id, 'close']);
    let refused: Any;
    try {
      await client.tickets.update(id, { ticket: { comment: { body: 'one more thing' } } } as Any);
    } catch (err) {
      refused = err;
    }
    expect(refused?.statusCode).toBe(422);
    expect(JSON.stringify(refused?.result ?? refused?.message)).toContain('Status closed prevents ticket update');

    const { result: t2 } = (await client.tickets.create({
      ticket: { subject: 'Buy pills', comment: { body: 'cheap' }, requester_id: requester.id },
    } as Any)) as Any;
    await api('PUT', ['tickets', t2.ticket?.id ?? t2.id, 'mark_as_spam']);
    const { result: after } = (await client.users.show(requester.id)) as Any;
    expect(after.suspended).toBe(true);
    expect(
      await statusOf(client.tickets.create({ ticket: { subject: 'x', comment: { body: 'y' }, requester_id: requester.id } } as Any)),
    ).toBe(422);
  });

  it('deletes, restores and erases tickets, in bulk through job statuses', async () => {
    const { result: requester } = (await client.users.create({ user: { name: 'Bulk Person', email: 'bulk@e2e.test' } })) as Any;
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { result } = (await client.tickets.create({
        ticket: { subject: `Bulk ${i}`, comment: { body: 'text' }, requester_id: requester.id },
      } as Any)) as Any;
      ids.push(result.ticket?.id ?? result.id);
    }
    const { result: started } = (await client.tickets.deleteMany(ids)) as Any;
    const done = await watchJob(started.job_status?.id ?? started.id);
    expect(done.status).toBe('completed');
    expect(done.results.every((r: Any) => r.success)).toBe(true);
    const deleted = await api('GET', ['deleted_tickets']);
    expect(deleted.deleted_tickets.map((t: Any) => t.id)).toEqual(expect.arrayContaining(ids));

    await api('PUT', ['deleted_tickets', ids[0]!, 'restore']);
    const { result: restored } = (await client.tickets.show(ids[0]!)) as Any;
    expect(restored.subject).toBe('Bulk 0');

    const erase = await api('DELETE', ['deleted_tickets', 'destroy_many', { ids: ids.slice(1).join(',') }]);
    const erasedJob = await watchJob(erase.job_status.id);
    expect(erasedJob.status).toBe('completed');
    const remaining = await api('GET', ['deleted_tickets']);
    expect(remaining.deleted_tickets.map((t: Any) => t.id)).not.toContain(ids[1]);
  });

  it('follows cursor pagination to the last page', async () => {
    for (let i = 0; i < 105; i++) {
      await client.users.create({ user: { name: `Page ${i}`, email: `page${i}@e2e.test` } });
    }
    const all = (await client.users.list()) as Any[];
    const ids = all.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.filter((u) => String(u.name).startsWith('Page ')).length).toBe(105);
  });

  it('answers errors in the Zendesk shapes', async () => {
    expect(await statusOf(client.users.show(999_999))).toBe(404);
    expect(await statusOf(client.users.create({ user: { email: 'noname@e2e.test' } }))).toBe(422);
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(await statusOf(client.tickets.deleteMany(tooMany))).toBe(400);
    const { result: still } = (await client.users.me()) as Any;
    expect(still.email).toBe(server.ownerEmail);
  });
});

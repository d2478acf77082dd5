import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';

// Tickets made or answered through the API queue mail for the requester, in the same
// transaction as the change (the outbox sends it after commit; src/mail/outbox.test.ts).
describeEachDb('ticket notifications', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const outbox = (ticketId: number) =>
    t.store.db.selectFrom('outbound_mail').select(['kind', 'recipient_id', 'comment_id']).where('ticket_id', '=', ticketId).orderBy('id').execute();

  it("sends the agent's opening comment to the requester of a ticket an agent opened", async () => {
    const requester = await t.contact();
    const r = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Hi', comment: { body: 'We noticed a problem' }, requester_id: requester } });
    expect(r.status).toBe(201);
    expect(await outbox(r.body.ticket.id)).toEqual([{ kind: 'reply', recipient_id: requester, comment_id: expect.any(Number) }]);
  });

  it('acknowledges a ticket whose first comment is the requester\'s own', async () => {
    const requester = await t.contact();
    const r = await t.call('POST', '/api/v2/tickets', {
      ticket: { subject: 'Help', comment: { body: 'It broke', author_id: requester }, requester_id: requester },
    });
    expect(await outbox(r.body.ticket.id)).toEqual([{ kind: 'ack', recipient_id: requester, comment_id: expect.any(Number) }]);
  });

  it('mails public agent replies, not private notes, and nothing to a suspended requester', async () => {
    const requester = await t.contact();
    const created = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Q', comment: { body: 'first' }, requester_id: requester } });
    const id = created.body.ticket.id;
    await t.call('PUT', `/api/v2/tickets/${id}`, { ticket: { comment: { body: 'internal', public: false } } });
    expect((await outbox(id)).length).toBe(1);
    await t.call('PUT', `/api/v2/tickets/${id}`, { ticket: { comment: { body: 'Here is the answer' } } });
    expect((await outbox(id)).map((m) => m.kind)).toEqual(['reply', 'reply']);
    await t.call('PUT', `/api/v2/users/${requester}`, { user: { suspended: true } });
    await t.call('PUT', `/api/v2/tickets/${id}`, { ticket: { comment: { body: 'Anyone there?' } } });
    expect((await outbox(id)).length).toBe(2);
  });
});

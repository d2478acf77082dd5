import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { marker } from '../../../test/factories/index.ts';
import { eraseByRequest } from '../../../test/proof/erase-by-request.ts';
import { startReceiver, verifyZendeskSignature, type Receiver } from '../../../test/e2e/webhooks-receiver.ts';
import { recipientsOf } from '../../db/queries/recipients.ts';
import { runOutboxOnce } from '../../mail/outbox.ts';
import { insertWebhook } from '../../db/queries/webhooks.ts';
import { runWebhookDeliveriesOnce } from '../webhooks/deliver-webhooks.ts';
import { recordRecipients } from './record-recipients.ts';

// The erasure ledger (docs/webhooks.md "Who was told"): who was handed a
// person's data — webhooks, mail recipients, right-of-access exports, API-token consumers —
// and, on her erasure, the machine recipients told (ids only) and their acknowledgements,
// as the certificate shows them.

const LIMITS = { allowPrivate: true, timeoutMs: 2000 };

describeEachDb('the erasure ledger', (kind) => {
  let t: TestApp;
  let ok200: Receiver;
  let fails500: Receiver;
  beforeEach(async () => {
    t = await createTestApp(kind);
    ok200 = await startReceiver(() => 200);
    fails500 = await startReceiver(() => 500);
  });
  afterEach(async () => {
    await ok200.close();
    await fails500.close();
    await t.close();
  });

  const deliver = () => runWebhookDeliveriesOnce({ ...t.ctx, webhooks: LIMITS });
  /** A webhook straight in the table: createTestApp's API refuses loopback endpoints, as a default server does. */
  const hook = (endpoint: string, subscriptions: string[]) =>
    insertWebhook(t.store.db, { name: 'h', description: null, endpoint, http_method: 'POST', request_format: 'json', status: 'active', subscriptions: JSON.stringify(subscriptions), auth_type: null, auth_data: null, signing_secret: `secret-${endpoint}`, created_at: t.clock.now().toISOString(), updated_at: t.clock.now().toISOString() });

  it('tells every webhook that had her data, ids only; a 2xx acknowledges, a 500 stays not acknowledged and is retried; the certificate lists both', async () => {
    const m = marker();
    const a = await hook(ok200.url, ['zen:event-type:ticket.created']);
    const b = await hook(fails500.url, ['zen:event-type:ticket.created']);
    // A webhook that never received her data is not told of her erasure.
    const c = await hook(ok200.url.replace('/hook', '/other'), ['zen:event-type:organization.created', 'oubli:event-type:erasure_request.completed']);
    const person = await t.contact({ name: `Person ${m}`, email: `${m}@example.test` });
    await t.call('POST', '/api/v2/tickets', { ticket: { subject: `About ${m}`, requester_id: person, comment: { body: `I am ${m}` } } });
    await deliver();
    expect(ok200.received.map((r) => r.body.type)).toEqual(['zen:event-type:ticket.created']);
    expect(fails500.received).toHaveLength(1);
    // Both endpoints were handed her data (a 500 still received the body).
    const ledger = await recipientsOf(t.store.db, person);
    expect(ledger.map((r) => [r.kind, r.recipient_key]).sort()).toEqual([['webhook', `webhook:${a}`], ['webhook', `webhook:${b}`]]);
    // An API token pulled her through an incremental export (the exports area records it so).
    await recordRecipients(t.ctx, t.store.db, { userIds: [person], recipient: { kind: 'incremental_export', recipientKey: 'token:77', apiTokenId: 77 } });

    const outcome = await eraseByRequest(t, person, m, () => false);
    expect(outcome.status).toBe('completed');
    await deliver();
    const notice = ok200.received.find((r) => r.body.type === 'zen:event-type:user.permanently_deleted')!;
    expect(notice.body).toMatchObject({ subject: `zen:user:${person}`, detail: { id: String(person) }, event: { erasure_notice: true } });
    expect(verifyZendeskSignature(`secret-${ok200.url}`, notice)).toBe(true);
    for (const r of [...ok200.received, ...fails500.received].filter((x) => x.body.type.endsWith('permanently_deleted'))) expect(r.raw).not.toContain(m);
    // It subscribed to the completion of erasure requests: ids only.
    expect(ok200.received.filter((r) => r.headers['x-zendesk-webhook-id'] === String(c)).map((r) => r.body)).toEqual([
      expect.objectContaining({ type: 'oubli:event-type:erasure_request.completed', subject: `zen:erasure_request:${outcome.certificate.request_id}`, event: { user_id: person }, detail: { id: String(outcome.certificate.request_id) } }),
    ]);

    const cert = async () => (await t.call('GET', `/api/v2/erasure_requests/${outcome.certificate.request_id}/certificate`)).body.certificate.recipients;
    let r = await cert();
    expect(r).toMatchObject({ notified: 3, acknowledged: 1, mail_recipients: 0, access_exports: 0 });
    expect(r.webhooks).toEqual([
      { webhook_id: a, notified_at: expect.any(String), acknowledged_at: expect.any(String) },
      { webhook_id: b, notified_at: expect.any(String), acknowledged_at: null },
    ]);
    expect(r.api_tokens).toEqual([{ api_token_id: 77, notified_at: expect.any(String), acknowledged_at: null }]);
    expect(JSON.stringify(r)).not.toContain(m);

    // The 500 is retried, and stays not acknowledged while it fails.
    const before = fails500.received.length;
    t.clock.advance(11_000);
    await deliver();
    expect(fails500.received.length).toBe(before + 1);
    expect(fails500.received.at(-1)!.body.type).toBe('zen:event-type:user.permanently_deleted');
    expect((await cert()).webhooks[1].acknowledged_at).toBeNull();
    // Once it answers 2xx, it has acknowledged.
    fails500.answer = () => 204;
    t.clock.advance(61_000);
    await deliver();
    r = await cert();
    expect(r.webhooks[1].acknowledged_at).toEqual(expect.any(String));

    // The API-token consumer sees its notification until it acknowledges it; someone else's token does not.
    const agent = await t.staff('agent');
    expect((await t.call('GET', '/api/v2/erasure_notifications', undefined, agent)).body.erasure_notifications).toEqual([]);
    const pending = (await t.call('GET', '/api/v2/erasure_notifications')).body.erasure_notifications;
    expect(pending).toEqual([{ id: expect.any(Number), type: 'user.permanently_deleted', user_id: person, api_token_id: 77, notified_at: expect.any(String), acknowledged_at: null }]);
    expect((await t.call('POST', `/api/v2/erasure_notifications/${pending[0].id}/acknowledge`, undefined, agent)).status).toBe(404);
    expect((await t.call('POST', `/api/v2/erasure_notifications/${pending[0].id}/acknowledge`)).status).toBe(200);
    expect((await t.call('GET', '/api/v2/erasure_notifications')).body.erasure_notifications).toEqual([]);
    expect(await cert()).toMatchObject({ notified: 3, acknowledged: 3 });
  });

  it('records the recipient of a ticket’s mail as holding the data of the others on it, and whoever took a right-of-access export', async () => {
    const requester = await t.contact({ name: 'Req', email: 'req@example.test' });
    const cc = await t.contact({ name: 'Cc', email: 'cc@example.test' });
    const ticket = (await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Shared', requester_id: requester, collaborator_ids: [cc], comment: { body: 'first' } } })).body.ticket;
    expect((await t.call('PUT', `/api/v2/tickets/${ticket.id}`, { ticket: { comment: { body: 'a public reply', public: true } } })).status).toBe(200);
    const sent: string[] = [];
    // The relay is outside: a sender that accepts everything.
    await runOutboxOnce(t.ctx, { send: async (mail) => (sent.push(mail.to.address), { ok: true }), close() {} }, { from: 'support@oubli.test', domain: 'oubli.test' });
    // Oubli mails the requester (those copied read the ticket's mail through her reply-all).
    expect(sent.length).toBeGreaterThan(0);
    expect([...new Set(sent)]).toEqual(['req@example.test']);
    // She was handed the data of everyone else the ticket is about: the person copied, the submitter.
    const aboutCc = await recipientsOf(t.store.db, cc);
    expect(aboutCc).toEqual([expect.objectContaining({ kind: 'mail', recipient_key: `user:${requester}`, recipient_user_id: requester, times: sent.length })]);
    expect(await recipientsOf(t.store.db, t.owner.actor.id)).toContainEqual(expect.objectContaining({ kind: 'mail', recipient_key: `user:${requester}` }));
    // Nobody is recorded as a recipient of their own data.
    expect(await recipientsOf(t.store.db, requester)).toEqual([]);

    const agent = await t.staff('agent');
    expect((await t.call('GET', `/api/v2/users/${requester}/export`, undefined, agent)).status).toBe(200);
    expect(await recipientsOf(t.store.db, requester)).toContainEqual(expect.objectContaining({ kind: 'access_export', recipient_key: `user:${agent.actor.id}`, recipient_user_id: agent.actor.id }));
  });
});

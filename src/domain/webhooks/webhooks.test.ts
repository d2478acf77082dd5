import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type Staff, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { startReceiver, verifyZendeskSignature, type Receiver } from '../../../test/e2e/webhooks-receiver.ts';
import { buildApp } from '../../http/app.ts';
import { runSweeps } from '../../jobs/sweeps.ts';
import { runWebhookDeliveriesOnce } from './deliver-webhooks.ts';
import { TEST_SIGNING_SECRET } from './delivery-rules.ts';

// Webhooks in-process on both databases (docs/webhooks.md): the API's shapes and rules, the
// outbox written by actions, signed delivery to a loopback receiver, retries, the claim, the
// invocation log and its retention. The erasure ledger has its own file (ledger.test.ts).

const LIMITS = { allowPrivate: true, timeoutMs: 2000 };

describeEachDb('webhooks', (kind) => {
  let t: TestApp;
  let hooksApp: FastifyInstance;
  let rx: Receiver;
  beforeEach(async () => {
    t = await createTestApp(kind);
    // The same database and clock, as an operator who allows loopback endpoints runs it.
    hooksApp = await buildApp({ store: t.store, now: t.clock.now, logger: false, webhooks: LIMITS });
    rx = await startReceiver();
  });
  afterEach(async () => {
    await rx.close();
    await hooksApp.close();
    await t.close();
  });

  async function call(method: string, url: string, body?: unknown, who: Staff = t.owner) {
    const res = await hooksApp.inject({ method: method as 'GET', url, headers: { authorization: who.auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, payload: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
  }

  async function webhook(subscriptions: string[], endpoint = rx.url): Promise<{ id: string; secret: string }> {
    const r = await call('POST', '/api/v2/webhooks', { webhook: { name: 'Warehouse', endpoint, http_method: 'POST', request_format: 'json', status: 'active', subscriptions } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const secret = (await call('GET', `/api/v2/webhooks/${r.body.webhook.id}/signing_secret`)).body.signing_secret.secret as string;
    return { id: r.body.webhook.id, secret };
  }

  const deliver = () => runWebhookDeliveriesOnce({ ...t.ctx, webhooks: LIMITS });

  it('answers in Zendesk’s shapes, for admins only, and hides credentials', async () => {
    const created = await call('POST', '/api/v2/webhooks', {
      webhook: { name: 'CRM', endpoint: rx.url, http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['zen:event-type:user.deleted'], authentication: { type: 'bearer_token', data: { token: 'tok-secret' }, add_position: 'header' } },
    });
    expect(created.status).toBe(201);
    const w = created.body.webhook;
    expect(w).toMatchObject({ id: expect.any(String), name: 'CRM', status: 'active', endpoint: rx.url, http_method: 'POST', request_format: 'json', subscriptions: ['zen:event-type:user.deleted'], authentication: { type: 'bearer_token', add_position: 'header' } });
    expect(JSON.stringify(created.body)).not.toContain('tok-secret');
    expect((await call('GET', '/api/v2/webhooks')).body.webhooks.map((x: any) => x.id)).toEqual([w.id]);
    expect((await call('PATCH', `/api/v2/webhooks/${w.id}`, { webhook: { status: 'inactive' } })).status).toBe(204);
    expect((await call('GET', `/api/v2/webhooks/${w.id}`)).body.webhook.status).toBe('inactive');
    // Agents may not.
    const agent = await t.staff('agent');
    expect((await call('GET', '/api/v2/webhooks', undefined, agent)).status).toBe(403);
    expect((await call('POST', '/api/v2/webhooks', { webhook: { name: 'x', endpoint: rx.url, status: 'active', subscriptions: ['zen:event-type:user.deleted'] } }, agent)).status).toBe(403);
    // Unknown event types and bad endpoints are refused, naming the field.
    expect((await call('POST', '/api/v2/webhooks', { webhook: { name: 'x', endpoint: rx.url, status: 'active', subscriptions: ['zen:event-type:nope'] } })).status).toBe(422);
    expect((await call('POST', '/api/v2/webhooks', { webhook: { name: 'x', endpoint: 'ftp://example.com/', status: 'active', subscriptions: ['zen:event-type:user.deleted'] } })).status).toBe(422);
    // The signing secret: shown, reset (a new one), and unknown ids are 404.
    const s1 = (await call('GET', `/api/v2/webhooks/${w.id}/signing_secret`)).body.signing_secret;
    expect(s1).toEqual({ algorithm: 'SHA256', secret: expect.any(String) });
    const reset = await call('POST', `/api/v2/webhooks/${w.id}/signing_secret`);
    expect(reset.status).toBe(201);
    expect(reset.body.signing_secret.secret).not.toBe(s1.secret);
    expect((await call('GET', '/api/v2/webhooks/999999')).status).toBe(404);
    expect((await call('DELETE', `/api/v2/webhooks/${w.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v2/webhooks/${w.id}`)).status).toBe(404);
  });

  it('refuses loopback and private endpoints unless the operator allows them', async () => {
    const body = { webhook: { name: 'x', endpoint: 'http://127.0.0.1:9/hook', status: 'active', subscriptions: ['zen:event-type:user.deleted'] } };
    // t.call is the app with the default options: public endpoints only.
    const refused = await t.call('POST', '/api/v2/webhooks', body);
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('public address');
    expect((await t.call('POST', '/api/v2/webhooks', { ...body, webhook: { ...body.webhook, endpoint: 'http://localhost:9/' } })).status).toBe(422);
    expect((await t.call('POST', '/api/v2/webhooks/test', { request: { endpoint: 'http://10.1.2.3/' } })).status).toBe(422);
    // A queued event for a webhook whose public-looking name resolves to loopback is refused at send time.
    await call('POST', '/api/v2/webhooks', { webhook: { ...body.webhook, endpoint: rx.url.replace('127.0.0.1', 'localhost'), subscriptions: ['zen:event-type:user.created'] } });
    await t.contact({ name: 'Someone' });
    expect(await runWebhookDeliveriesOnce({ ...t.ctx, webhooks: { allowPrivate: false, timeoutMs: 2000 } })).toEqual({ succeeded: 0, retried: 0, failed: 1 });
    expect(rx.received).toHaveLength(0);
    // Allowed, it goes.
    expect((await call('POST', '/api/v2/webhooks', body)).status).toBe(201);
  });

  it('sends the test request signed with Zendesk’s test secret or the webhook’s own', async () => {
    const r = await call('POST', '/api/v2/webhooks/test', { request: { endpoint: rx.url, http_method: 'POST', request_format: 'json' } });
    expect(r.body).toEqual({ response: { status: 200, error: null } });
    expect(verifyZendeskSignature(TEST_SIGNING_SECRET, rx.received[0]!)).toBe(true);
    const w = await webhook(['zen:event-type:user.created']);
    rx.answer = () => 503;
    expect((await call('POST', `/api/v2/webhooks/${w.id}/test`)).body).toEqual({ response: { status: 503, error: 'http_503' } });
    expect(verifyZendeskSignature(w.secret, rx.received[1]!)).toBe(true);
    expect(rx.received[1]!.body.type).toBe('zen:event-type:webhook.test');
  });

  it('queues events in the action’s transaction and delivers them signed, built when sent', async () => {
    const w = await webhook(['zen:event-type:user.created', 'zen:event-type:ticket.created', 'zen:event-type:ticket.status_changed', 'zen:event-type:ticket.soft_deleted', 'zen:event-type:ticket.undeleted', 'zen:event-type:ticket.marked_as_spam']);
    const other = await webhook(['zen:event-type:organization.created']);
    const userId = await t.contact({ name: 'Ada Receiver', email: 'ada@example.test' });
    const ticket = (await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Printer on fire', requester_id: userId, comment: { body: 'help' } } })).body.ticket;
    expect((await t.call('PUT', `/api/v2/tickets/${ticket.id}`, { ticket: { status: 'pending' } })).status).toBe(200);
    // A change that is not an event queues nothing.
    expect((await t.call('PUT', `/api/v2/tickets/${ticket.id}`, { ticket: { priority: 'high' } })).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/tickets/${ticket.id}`)).status).toBe(204);
    expect((await t.call('PUT', `/api/v2/deleted_tickets/${ticket.id}/restore`)).status).toBe(200);
    // Nothing was sent inside the actions: delivery happens after commit.
    expect(rx.received).toHaveLength(0);
    expect(await deliver()).toEqual({ succeeded: 5, retried: 0, failed: 0 });
    const types = rx.received.map((r) => r.body.type);
    expect(types.sort()).toEqual(['zen:event-type:ticket.created', 'zen:event-type:ticket.soft_deleted', 'zen:event-type:ticket.status_changed', 'zen:event-type:ticket.undeleted', 'zen:event-type:user.created']);
    for (const r of rx.received) {
      expect(verifyZendeskSignature(w.secret, r)).toBe(true);
      expect(verifyZendeskSignature(other.secret, r)).toBe(false);
      expect(r.headers['x-zendesk-webhook-id']).toBe(w.id);
      expect(r.headers['x-zendesk-webhook-invocation-id']).toMatch(/^[0-9A-Z]{26}$/);
      expect(Object.keys(r.body).sort()).toEqual(['account_id', 'detail', 'event', 'id', 'subject', 'time', 'type', 'zendesk_event_version']);
    }
    const user = rx.received.find((r) => r.body.type === 'zen:event-type:user.created')!.body;
    expect(user).toMatchObject({ subject: `zen:user:${userId}`, detail: { id: String(userId), email: 'ada@example.test', role: 'end-user' } });
    const status = rx.received.find((r) => r.body.type === 'zen:event-type:ticket.status_changed')!.body;
    // Built when sent: the ticket as it is now (restored, still pending).
    expect(status).toMatchObject({ subject: `zen:ticket:${ticket.id}`, event: { current: 'PENDING' }, detail: { id: String(ticket.id), requester_id: String(userId), subject: 'Printer on fire', status: 'PENDING', priority: 'HIGH' } });
    // The invocation log, with its attempts and the body sent.
    const inv = (await call('GET', `/api/v2/webhooks/${w.id}/invocations`)).body.invocations;
    expect(inv).toHaveLength(5);
    expect(inv[0]).toMatchObject({ id: expect.any(String), status: 'success', status_code: 200, attempts: 1, latest_completed_at: expect.any(String) });
    const attempts = (await call('GET', `/api/v2/webhooks/${w.id}/invocations/${inv[0].id}/attempts`)).body.attempts;
    expect(attempts).toEqual([expect.objectContaining({ id: '1', invocation_id: inv[0].id, status: 'success', response: { status: 200 } })]);
    expect(JSON.parse(attempts[0].request.payload).id).toBe(rx.received.find((r) => r.headers['x-zendesk-webhook-invocation-id'] === inv[0].id)!.body.id);
    // Sent once: a second pass finds nothing due.
    expect(await deliver()).toEqual({ succeeded: 0, retried: 0, failed: 0 });
  });

  it('sends organization, spam and redaction events; a redaction’s carries ids only; basic auth goes in the header', async () => {
    const r = await call('POST', '/api/v2/webhooks', {
      webhook: { name: 'All', endpoint: rx.url, status: 'active', subscriptions: ['zen:event-type:organization.created', 'zen:event-type:organization.deleted', 'zen:event-type:ticket.marked_as_spam', 'oubli:event-type:comment.redacted'], authentication: { type: 'basic_auth', data: { username: 'oubli', password: 'pw' } } },
    });
    expect(r.status).toBe(201);
    const org = (await t.call('POST', '/api/v2/organizations', { organization: { name: 'Acme' } })).body.organization;
    const ticket = (await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Spammy', requester_id: await t.contact({ name: 'Sp' }), comment: { body: 'buy SECRETWORD now' } } })).body.ticket;
    const comment = (await t.call('GET', `/api/v2/tickets/${ticket.id}/comments`)).body.comments[0];
    expect((await t.call('PUT', `/api/v2/tickets/${ticket.id}/comments/${comment.id}/redact`, { text: 'SECRETWORD' })).status).toBe(200);
    expect((await t.call('PUT', `/api/v2/tickets/${ticket.id}/mark_as_spam`)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/organizations/${org.id}`)).status).toBe(204);
    await deliver();
    const byType = Object.fromEntries(rx.received.map((x) => [x.body.type, x]));
    expect(Object.keys(byType).sort()).toEqual(['oubli:event-type:comment.redacted', 'zen:event-type:organization.created', 'zen:event-type:organization.deleted', 'zen:event-type:ticket.marked_as_spam']);
    // Built when sent: the organization was deleted before, so its created event has ids only too.
    expect(byType['zen:event-type:organization.created']!.body).toMatchObject({ subject: `zen:organization:${org.id}`, detail: { id: String(org.id) } });
    expect(byType['zen:event-type:organization.deleted']!.body.detail).toEqual({ id: String(org.id) });
    expect(byType['zen:event-type:ticket.marked_as_spam']!.body.detail).toMatchObject({ id: String(ticket.id), subject: 'Spammy' });
    const redacted = byType['oubli:event-type:comment.redacted']!;
    expect(redacted.body).toMatchObject({ subject: `zen:comment:${comment.id}`, event: { ticket_id: ticket.id, comment_id: comment.id }, detail: { id: String(comment.id) } });
    expect(redacted.raw).not.toContain('SECRETWORD');
    for (const x of rx.received) expect(x.headers.authorization).toBe(`Basic ${Buffer.from('oubli:pw').toString('base64')}`);
  });

  it('retries a failed delivery with backoff, with the same invocation id, and gives up after the last attempt', async () => {
    await webhook(['zen:event-type:user.created']);
    rx.answer = () => 500;
    await t.contact({ name: 'Retry Me' });
    expect(await deliver()).toEqual({ succeeded: 0, retried: 1, failed: 0 });
    // Not due yet.
    expect(await deliver()).toEqual({ succeeded: 0, retried: 0, failed: 0 });
    t.clock.advance(11_000);
    expect(await deliver()).toEqual({ succeeded: 0, retried: 1, failed: 0 });
    rx.answer = () => 200;
    t.clock.advance(61_000);
    expect(await deliver()).toEqual({ succeeded: 1, retried: 0, failed: 0 });
    const ids = rx.received.map((r) => r.headers['x-zendesk-webhook-invocation-id']);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(new Set(rx.received.map((r) => r.body.id)).size).toBe(1);
    // A 4xx is not retried.
    rx.answer = () => 404;
    await t.contact({ name: 'Gone Endpoint' });
    expect(await deliver()).toEqual({ succeeded: 0, retried: 0, failed: 1 });
    // Every 5xx, up to the last attempt.
    rx.answer = () => 502;
    await t.contact({ name: 'Never' });
    let failed = 0;
    for (let i = 0; i < 10 && !failed; i++) {
      failed = (await deliver()).failed;
      t.clock.advance(13 * 3600_000);
    }
    expect(failed).toBe(1);
    expect(rx.received.filter((r) => r.body.detail.id === rx.received[rx.received.length - 1]!.body.detail.id)).toHaveLength(8);
  });

  it('delivers each event once when two deliverers run at the same time', async () => {
    await webhook(['zen:event-type:user.created']);
    for (let i = 0; i < 12; i++) await t.contact({ name: `Parallel ${i}` });
    const [a, b] = await Promise.all([deliver(), deliver()]);
    expect(a.succeeded + b.succeeded).toBe(12);
    expect(rx.received).toHaveLength(12);
    expect(new Set(rx.received.map((r) => r.headers['x-zendesk-webhook-invocation-id'])).size).toBe(12);
  });

  it('keeps the invocation log 7 days, and a redaction blanks the bodies it logged', async () => {
    const w = await webhook(['zen:event-type:ticket.created']);
    const requester = await t.contact({ name: 'Logged Person' });
    const ticket = (await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Subject KEEPME', requester_id: requester, comment: { body: 'the text REDACTME here' } } })).body.ticket;
    await deliver();
    const first = (await call('GET', `/api/v2/webhooks/${w.id}/invocations`)).body.invocations[0];
    const payload = async () => (await call('GET', `/api/v2/webhooks/${w.id}/invocations/${first.id}/attempts`)).body.attempts[0].request.payload;
    expect(await payload()).toContain('KEEPME');
    const comment = (await t.call('GET', `/api/v2/tickets/${ticket.id}/comments`)).body.comments[0];
    expect((await t.call('PUT', `/api/v2/tickets/${ticket.id}/comments/${comment.id}/redact`, { text: 'REDACTME' })).status).toBe(200);
    expect(await payload()).toBeNull();
    t.clock.advance(6 * 86_400_000);
    await runSweeps(t.ctx, { dryRun: false });
    expect((await call('GET', `/api/v2/webhooks/${w.id}/invocations`)).body.invocations).toHaveLength(1);
    t.clock.advance(2 * 86_400_000);
    const report = await runSweeps(t.ctx, { dryRun: false });
    expect(report.lines).toContain('deleted 1 webhook invocations older than 7 days');
    expect((await call('GET', `/api/v2/webhooks/${w.id}/invocations`)).body.invocations).toHaveLength(0);
  });
});

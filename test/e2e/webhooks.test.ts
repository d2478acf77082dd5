import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../db.ts';
import { marker } from '../factories/index.ts';
import { startServer, type RunningServer } from '../server.ts';
import { startReceiver, verifyZendeskSignature, type Receiver } from './webhooks-receiver.ts';

// Webhooks from a real `oubli serve` with its real logger at info level (docs/webhooks.md):
// a receiver on loopback verifies every request with Zendesk's documented algorithm and sees
// the erasure notice with ids only; a server killed with SIGKILL in the middle of a delivery
// loses no event once restarted (at least once, the same invocation id on the retry); two
// servers on one PostgreSQL send each event once.

const ENV = { OUBLI_WEBHOOK_ALLOW_PRIVATE: '1', OUBLI_WEBHOOK_TIMEOUT_MS: '1500', OUBLI_WEBHOOK_POLL_MS: '200', OUBLI_LOG_LEVEL: 'info' };

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeEachDb('webhooks from a real server', (kind) => {
  let server: RunningServer | undefined;
  let rx: Receiver | undefined;
  afterEach(async () => {
    await server?.stop();
    await rx?.close();
    server = undefined;
    rx = undefined;
  });

  const api = (s: RunningServer) => {
    const auth = `Basic ${Buffer.from(`${s.ownerEmail}/token:${s.token}`).toString('base64')}`;
    return async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${s.baseUrl}/api/v2${path}`, { method, headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    };
  };

  async function webhook(call: ReturnType<typeof api>, url: string, subscriptions: string[]) {
    const r = await call('POST', '/webhooks', { webhook: { name: 'Receiver', endpoint: url, http_method: 'POST', request_format: 'json', status: 'active', subscriptions } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const secret = (await call('GET', `/webhooks/${r.body.webhook.id}/signing_secret`)).body.signing_secret.secret as string;
    return { id: r.body.webhook.id as string, secret };
  }

  it('signs every request as Zendesk does, and tells the receiver of an erasure with ids only; the log has no marker', async () => {
    rx = await startReceiver();
    server = await startServer(kind, [], ENV);
    const call = api(server);
    const w = await webhook(call, rx.url, ['zen:event-type:user.created', 'zen:event-type:ticket.created', 'zen:event-type:user.permanently_deleted']);
    const m = marker();
    const person = (await call('POST', '/users', { user: { name: `Person ${m}`, email: `${m}@example.test` } })).body.user.id as number;
    expect((await call('POST', '/tickets', { ticket: { subject: `Subject ${m}`, requester_id: person, comment: { body: `Body ${m}` } } })).status).toBe(201);
    await until('both events', () => rx!.received.length >= 2);
    // The receiver had her data: the ledger knows.
    expect(rx.received.some((r) => r.raw.includes(m))).toBe(true);
    expect((await call('DELETE', `/users/${person}`)).status).toBe(200);
    expect((await call('DELETE', `/deleted_users/${person}`)).status).toBe(200);
    await until('the erasure notice', () => rx!.received.some((r) => r.body?.type === 'zen:event-type:user.permanently_deleted'));
    await new Promise((r) => setTimeout(r, 500));
    for (const r of rx.received) {
      expect(verifyZendeskSignature(w.secret, r), r.raw).toBe(true);
      expect(r.headers['x-zendesk-webhook-id']).toBe(w.id);
    }
    // A tampered body does not verify: the check can fail.
    expect(verifyZendeskSignature(w.secret, { ...rx.received[0]!, raw: rx.received[0]!.raw.replace('"id"', '"Id"') })).toBe(false);
    const notices = rx.received.filter((r) => r.body.type === 'zen:event-type:user.permanently_deleted');
    // Once, though it is both in her ledger and subscribed.
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toMatchObject({ subject: `zen:user:${person}`, detail: { id: String(person) } });
    expect(notices[0]!.raw).not.toContain(m);
    expect(notices[0]!.raw).not.toContain(`${m}@example.test`);
    // The server logged at info level, and never the marker.
    expect(server.output()).toContain('"level":30');
    expect(server.output()).not.toContain(m);
  }, 120_000);

  it('loses no event when the server is killed with SIGKILL during a delivery', async () => {
    // The first request is held unanswered: the server is in the middle of it when killed.
    let hold = true;
    rx = await startReceiver(() => (hold ? new Promise<number>(() => {}) : 200));
    server = await startServer(kind, [], ENV);
    const call = api(server);
    const w = await webhook(call, rx.url, ['zen:event-type:user.created']);
    for (let i = 0; i < 5; i++) expect((await call('POST', '/users', { user: { name: `Kill ${i}` } })).status).toBe(201);
    await until('the first request', () => rx!.received.length >= 1);
    await server.kill('SIGKILL');
    const first = rx.received[0]!;
    expect(rx.received).toHaveLength(1);
    hold = false;
    await server.restart();
    await until('every event', () => new Set(rx!.received.map((r) => r.headers['x-zendesk-webhook-invocation-id'])).size === 5 && rx!.received.length >= 6);
    const again = rx.received.slice(1).filter((r) => r.headers['x-zendesk-webhook-invocation-id'] === first.headers['x-zendesk-webhook-invocation-id']);
    // Sent again after the claim of the killed server ran out: the same invocation and event.
    expect(again).toHaveLength(1);
    expect(again[0]!.body.id).toBe(first.body.id);
    for (const r of rx.received) expect(verifyZendeskSignature(w.secret, r)).toBe(true);
    const names = new Set(rx.received.map((r) => r.body.detail.id));
    expect(names.size).toBe(5);
    const restarted = api(server);
    const inv = (await restarted('GET', `/webhooks/${w.id}/invocations`)).body.invocations;
    expect(inv.map((i: any) => i.status)).toEqual(['success', 'success', 'success', 'success', 'success']);
  }, 120_000);

  if (kind === 'postgres') {
    it('sends each event once from two servers on one database', async () => {
      rx = await startReceiver();
      server = await startServer(kind, [], ENV);
      await server.peer();
      const call = api(server);
      await webhook(call, rx.url, ['zen:event-type:user.created']);
      for (let i = 0; i < 20; i++) expect((await call('POST', '/users', { user: { name: `Twice ${i}` } })).status).toBe(201);
      await until('every event', () => rx!.received.length >= 20);
      await new Promise((r) => setTimeout(r, 1500));
      expect(rx.received).toHaveLength(20);
      expect(new Set(rx.received.map((r) => r.headers['x-zendesk-webhook-invocation-id'])).size).toBe(20);
    }, 120_000);
  }
});

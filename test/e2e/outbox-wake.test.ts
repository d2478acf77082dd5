import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRelay, type Relay } from '../smtp.ts';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';

// A reply queued by a request wakes this server's outbox after its commit. The outbox's poll
// is set to ten minutes here, far beyond this test's time limit: after the pass it makes at
// start-up, mail reaches the relay only if something wakes it, so a message at the relay
// shows the wake happened (docs/email.md, "When mail leaves").

const POLL_MS = 600_000;

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeEachDb('a reply wakes the outbox', (kind) => {
  let server: RunningServer;
  let relay: Relay;

  beforeAll(async () => {
    relay = await startRelay();
    server = await startServer(kind, ['--smtp-port', '0', '--smtp-relay', relay.url, '--support-addresses', 'help@oubli.test'], { OUBLI_MAIL_POLL_MS: String(POLL_MS) });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await relay?.close();
  });

  it('hands a reply to the relay without waiting for the poll', async () => {
    const auth = `Basic ${Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64')}`;
    const call = async (method: string, path: string, body: unknown) => {
      const r = await fetch(`${server.baseUrl}/api/v2${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as { ticket: { id: number } } };
    };
    // The start-up pass is over before anything is queued: the outbox is waiting on its poll.
    await new Promise((r) => setTimeout(r, 1000));
    const created = await call('POST', '/tickets.json', {
      ticket: { subject: 'Parcel', comment: { body: 'We opened this for you.', public: true }, requester: { name: 'Ada Lind', email: 'ada@example.test' } },
    });
    expect(created.status).toBe(201);
    await until('the opening comment at the relay', () => relay.caught.some((m) => m.parsed.text?.includes('We opened this for you.')));

    expect((await call('PUT', `/tickets/${created.body.ticket.id}.json`, { ticket: { comment: { body: 'It ships tomorrow.', public: true } } })).status).toBe(200);
    await until('the reply at the relay', () => relay.caught.some((m) => m.parsed.text?.includes('It ships tomorrow.')));
    expect(relay.caught.map((m) => m.to)).toEqual([['ada@example.test'], ['ada@example.test']]);

    // A private note queues nothing and wakes nothing: still two messages.
    expect((await call('PUT', `/tickets/${created.body.ticket.id}.json`, { ticket: { comment: { body: 'Internal only.', public: false } } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(relay.caught).toHaveLength(2);
  }, 60_000);
});

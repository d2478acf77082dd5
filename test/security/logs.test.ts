import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, smtpClient, startRelay, type Relay } from '../smtp.ts';
import { createTestApp } from '../app.ts';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';

// The real `oubli serve`, with the logging a user gets (info) and at debug level, is driven
// through every API route, sign-in, uploads, search, bad JSON, unknown paths, SMTP in and
// mail out, each carrying a marker in its query string, body, credentials or headers. The
// marker must appear 0 times in everything the process printed.

const marker = () => `Zqmark${randomBytes(4).toString('hex')}`;

/** A concrete path for a route pattern, with ids that exist nowhere. */
function concrete(url: string, m: string): string {
  return url.replace(/:[a-z_]+/gi, (p) => (p === ':token' ? m : '999999')).replace(/\*$/, m);
}

function count(haystack: string, needle: string): number {
  return haystack.toLowerCase().split(needle.toLowerCase()).length - 1;
}

for (const level of ['info', 'debug'] as const) {
  describeEachDb(`logs at ${level} level name nobody`, (kind) => {
    let server: RunningServer;
    let relay: Relay;
    let smtpPort: number;
    const m = marker();
    let requests = 0;
    let routes: { method: string; url: string }[] = [];

    beforeAll(async () => {
      const t = await createTestApp(kind);
      routes = [...t.app.apiRoutes];
      await t.close();
      relay = await startRelay();
      smtpPort = await freePort();
      server = await startServer(kind, ['--smtp-port', String(smtpPort), '--smtp-relay', relay.url, '--support-addresses', 'help@oubli.test'], {
        OUBLI_LOG_LEVEL: level,
      });
    }, 120_000);

    afterAll(async () => {
      await server?.stop();
      await relay?.close();
    });

    it('prints the marker nowhere after a busy run through every route family and SMTP', async () => {
      const auth = `Basic ${Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64')}`;
      const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
        requests++;
        const r = await fetch(`${server.baseUrl}${path}`, {
          method,
          headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
        return { status: r.status, text: await r.text() };
      };

      // Real data that names her, through the API, uploads and search.
      const user = await call('POST', '/api/v2/users.json', { user: { name: `Ann ${m}`, email: `${m}@example.test`, phone: '+33 6 12 34 56 78', notes: m } });
      expect(user.status).toBe(201);
      const ticket = await call('POST', '/api/v2/tickets.json', {
        ticket: { subject: `Help ${m}`, comment: { body: `My name is ${m}` }, requester: { name: m, email: `${m}.two@example.test` } },
      });
      expect(ticket.status).toBe(201);
      const ticketId = JSON.parse(ticket.text).ticket.id as number;
      expect((await call('PUT', `/api/v2/tickets/${ticketId}.json`, { ticket: { comment: { body: `Reply to ${m}`, public: true } } })).status).toBe(200);
      const upload = await call('POST', `/api/v2/uploads.json?filename=${m}.txt`, `file of ${m}`, { 'content-type': 'text/plain' });
      expect(upload.status).toBe(201);
      const search = await call('GET', `/api/v2/search.json?query=${m}`);
      expect(search.status).toBe(200);
      expect(search.text).toContain(m); // the traffic really carried the marker
      for (const q of [`query=${m}`, `external_id=${m}`]) await call('GET', `/api/v2/users/search.json?${q}`);
      await call('GET', `/api/v2/users.json?external_id=${m}`);

      // Every route, with the marker in the path, the query string and the body.
      for (const r of routes) {
        const path = `${concrete(r.url, m)}.json?q=${m}&email=${m}%40example.test`;
        await call(r.method, path, r.method === 'GET' || r.method === 'DELETE' ? undefined : { x: m, user: { name: m }, ticket: { subject: m } });
      }
      // Bad JSON, a wrong password and a token naming her, unknown paths, the web app.
      await call('PUT', '/api/v2/account/settings.json', `{"settings": "${m}`);
      requests++;
      await fetch(`${server.baseUrl}/api/v2/users/me.json`, { headers: { authorization: `Basic ${Buffer.from(`${m}@example.test:${m}`).toString('base64')}` } });
      await call('GET', `/api/v2/${m}?x=${m}`);
      await call('GET', `/${m}/page?x=${m}`, undefined, { 'user-agent': m, referer: `http://x/${m}` });

      // SMTP in (a new ticket by her) and mail out (the acknowledgement and reply to her).
      const client = smtpClient(smtpPort);
      await client.sendMail({ from: `"${m} Person" <${m}.three@example.test>`, to: 'help@oubli.test', subject: `Mail ${m}`, text: `Body ${m}`, messageId: `<${m}@example.test>` });
      client.close();
      const deadline = Date.now() + 15_000;
      while (relay.caught.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(relay.caught.length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 300));

      await server.stop();
      const out = server.output();
      // The log was on and saw the traffic: a line per request, with its route pattern.
      const completed = out.split('\n').filter((l) => l.includes('"request completed"'));
      expect(completed.length).toBeGreaterThanOrEqual(requests);
      expect(out).toContain('"route":"/api/v2/search"');
      for (const needle of [m, m.toLowerCase(), encodeURIComponent(`${m}@example.test`), Buffer.from(m).toString('base64').slice(0, 10), '+33 6 12', '33612345678']) {
        expect(count(out, needle), `${needle} in the log`).toBe(0);
      }
    }, 180_000);
  });
}

it('control: Fastify with its own logger options would have logged the marker', async () => {
  const m = marker();
  let out = '';
  const stream = new Writable({ write: (c, _e, cb) => ((out += c.toString()), cb()) });
  const app = Fastify({ logger: { level: 'info', stream } });
  app.get('/api/v2/search', async () => ({}));
  await app.inject({ method: 'GET', url: `/api/v2/search?query=${m}` });
  await app.close();
  expect(out).toContain(m);
});

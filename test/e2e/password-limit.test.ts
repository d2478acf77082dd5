import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../db.ts';
import { cliWithInput, startServer, type RunningServer } from '../server.ts';

// The password limit on the real server over real HTTP (docs/api.md "Password limit"):
// browser sign-in on any spelling of its route and Basic email:password on any route share
// one count per client, and on PostgreSQL a second `oubli serve` on the same database
// shares it too.

const BIN = resolve(import.meta.dirname, '../../bin/oubli.js');
const PASSWORD = 'correct horse battery';

/** Another `oubli serve` on the same data directory and database; resolves to its base URL. */
function serveAgain(server: RunningServer): Promise<{ baseUrl: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', server.dataDir], {
    env: server.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`second server did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
      const m = output.match(/serving http:\/\/localhost:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        done({ baseUrl: `http://127.0.0.1:${m[1]}`, child });
      }
    });
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => fail(new Error(`second server exited with ${code}:\n${output}`)));
  });
}

describeEachDb('password limit on the real server', (kind) => {
  let server: RunningServer;
  const admin = () => ({ authorization: `Basic ${Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64')}` });
  const basic = (email: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}` });

  /** A browser: its CSRF cookie and token, then sign-in posts to any spelling of the route. */
  async function browser(baseUrl: string) {
    const first = await fetch(`${baseUrl}/api/v2/session`);
    const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrf_token } = (await first.json()) as { csrf_token: string };
    return (path: string, email: string, password: string) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf_token, 'content-type': 'application/json' },
        body: JSON.stringify({ session: { email, password } }),
      });
  }

  async function setLimits(settings: Record<string, number>): Promise<void> {
    const r = await fetch(`${server.baseUrl}/api/v2/account/settings`, {
      method: 'PUT',
      headers: { ...admin(), 'content-type': 'application/json' },
      body: JSON.stringify({ settings }),
    });
    expect(r.status).toBe(200);
  }

  beforeAll(async () => {
    server = await startServer(kind);
    expect(await cliWithInput(server, ['user', 'set-password', '--email', server.ownerEmail], `${PASSWORD}\n`)).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('counts sign-in on every spelling and Basic on every route together, then answers 429 with Retry-After', async () => {
    // Windows of a day, so that the clock cannot open a new one halfway through the test.
    await setLimits({ password_attempts_per_address: 7, password_address_window_seconds: 86400, password_attempts_per_account: 1000 });
    const signIn = await browser(server.baseUrl);
    expect((await signIn('/api/v2/session', server.ownerEmail, PASSWORD)).status).toBe(200);
    const guesses: [string, () => Promise<Response>][] = [
      ['POST /api/v2/session/', () => signIn('/api/v2/session/', server.ownerEmail, 'guess 1')],
      ['POST /api/v2/session.json', () => signIn('/api/v2/session.json', server.ownerEmail, 'guess 2')],
      ['POST /%61pi/v2/session', () => signIn('/%61pi/v2/session', server.ownerEmail, 'guess 3')],
      ['POST /api/v2//%73ession', () => signIn('/api/v2//%73ession', server.ownerEmail, 'guess 3b')],
      ['GET /api/v2/tickets', () => fetch(`${server.baseUrl}/api/v2/tickets`, { headers: basic(server.ownerEmail, 'guess 4') })],
      ['GET /api/v2/users/me.json', () => fetch(`${server.baseUrl}/api/v2/users/me.json`, { headers: basic('nobody@e2e.test', 'guess 5') })],
      ['GET /api/v2/search?query=x', () => fetch(`${server.baseUrl}/api/v2/search?query=x`, { headers: basic(server.ownerEmail, 'guess 6') })],
    ];
    for (const [what, guess] of guesses) expect((await guess()).status, what).toBe(401);
    for (const path of ['/api/v2/session', '/api/v2/session/', '/%61pi/v2/session']) {
      const r = await signIn(path, server.ownerEmail, PASSWORD);
      expect(r.status, path).toBe(429);
      expect(((await r.json()) as { error: string }).error).toBe('TooManyRequests');
      const after = Number(r.headers.get('retry-after'));
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThanOrEqual(86400);
    }
    expect((await fetch(`${server.baseUrl}/api/v2/tickets`, { headers: basic(server.ownerEmail, PASSWORD) })).status).toBe(429);
    // An API token is no password.
    expect((await fetch(`${server.baseUrl}/api/v2/tickets`, { headers: admin() })).status).toBe(200);
    // Lifting the limit takes effect at once.
    await setLimits({ password_attempts_per_address: 100 });
    expect((await signIn('/api/v2/session', server.ownerEmail, PASSWORD)).status).toBe(200);
  });

  it.runIf(kind === 'postgres')('shares the count with a second server on the same PostgreSQL database', async () => {
    await setLimits({ password_attempts_per_address: 1000, password_attempts_per_account: 4, password_account_window_seconds: 86400 });
    const second = await serveAgain(server);
    try {
      const target = 'shared-target@e2e.test';
      for (const [i, base] of [server.baseUrl, second.baseUrl, server.baseUrl, second.baseUrl].entries()) {
        expect((await fetch(`${base}/api/v2/tickets`, { headers: basic(target, `guess ${i}`) })).status).toBe(401);
      }
      for (const base of [server.baseUrl, second.baseUrl]) {
        const r = await fetch(`${base}/api/v2/users/me`, { headers: basic(target, 'one more') });
        expect(r.status, base).toBe(429);
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    } finally {
      const gone = new Promise((r) => second.child.once('exit', r));
      second.child.kill('SIGTERM');
      await gone;
    }
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { describeEachDb, type TestStore } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { openStore, type Store } from '../db/connect.ts';
import { setPassword } from '../domain/auth/set-password.ts';
import { runSweeps } from '../jobs/sweeps.ts';
import { buildApp } from './app.ts';

// The password limit (docs/api.md "Password limit") through the HTTP API: what is counted
// (every password check, on any route and any spelling of the sign-in route), per client
// address and per account, shared by every server on one database, and set by the settings.

const PASSWORD = 'correct horse battery';
const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

interface Answer {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

async function send(app: FastifyInstance, o: InjectOptions): Promise<Answer> {
  const res = await app.inject(o);
  let body: unknown = res.body;
  try {
    body = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body, headers: res.headers };
}

/** A Basic email:password request from `from`. */
function withPassword(app: FastifyInstance, url: string, email: string, password: string, from = '127.0.0.1'): Promise<Answer> {
  return send(app, { method: 'GET', url, headers: { authorization: basic(email, password) }, remoteAddress: from });
}

/** A browser at `from`: its CSRF cookie and token, then sign-in posts to any spelling of the route. */
async function browserAt(app: FastifyInstance, from: string) {
  const first = await app.inject({ method: 'GET', url: '/api/v2/session', remoteAddress: from });
  const set = first.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set : [String(set)]).map((c) => c.split(';')[0]).join('; ');
  const csrf = JSON.parse(first.body).csrf_token as string;
  return (url: string, email: string, password: string) =>
    send(app, {
      method: 'POST',
      url,
      remoteAddress: from,
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ session: { email, password } }),
    });
}

/** A second handle on the same database, as a second server would open it. */
function sameDatabase(store: TestStore): Promise<Store> {
  return store.kind === 'sqlite'
    ? openStore({ dataDir: store.dataDir })
    : openStore({ databaseUrl: store.databaseUrl, dataDir: store.dataDir, pgSchema: store.pgSchema });
}

describeEachDb('password limit', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
    await setPassword(t.ctx, { email: t.owner.email, password: PASSWORD });
  });
  afterEach(async () => {
    await t.close();
  });

  const setLimits = async (values: Record<string, number>) => {
    const r = await t.call('PUT', '/api/v2/account/settings', { settings: values });
    expect(r.status).toBe(200);
  };

  it('counts Basic email:password on every route in one count per address, with Retry-After, and leaves tokens alone', async () => {
    const routes = ['/api/v2/job_statuses', '/api/v2/users/me', '/api/v2/tickets', '/api/v2/users.json', '/api/v2/tickets/', '/api/v2/search?query=x', '/%61pi/v2/session', '/api/v2//users/me'];
    // Six accounts, five guesses each: only the address limit (30 a minute) is reached.
    for (let i = 0; i < 30; i++) {
      const r = await withPassword(t.app, routes[i % routes.length]!, `target${i % 6}@oubli.test`, `guess-${i}`, '10.1.1.1');
      expect(r.status, `guess ${i} on ${routes[i % routes.length]}`).toBe(401);
    }
    const blocked = await withPassword(t.app, '/api/v2/tickets', 'fresh@oubli.test', 'one more', '10.1.1.1');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toBe('TooManyRequests');
    expect(blocked.headers['retry-after']).toBe('60');
    // Even the right password waits: a blocked check never tests the password.
    expect((await withPassword(t.app, '/api/v2/users/me', t.owner.email, PASSWORD, '10.1.1.1')).status).toBe(429);
    // Another client is not held up, and an API token is no password.
    expect((await withPassword(t.app, '/api/v2/tickets', 'fresh@oubli.test', 'one more', '10.1.1.2')).status).toBe(401);
    expect((await send(t.app, { method: 'GET', url: '/api/v2/tickets', headers: { authorization: t.owner.auth }, remoteAddress: '10.1.1.1' })).status).toBe(200);
    // Retry-After counts down with the clock, and the window's end lets guesses through again.
    t.clock.advance(59_000);
    expect((await withPassword(t.app, '/api/v2/tickets', 'fresh@oubli.test', 'x', '10.1.1.1')).headers['retry-after']).toBe('1');
    t.clock.advance(1_000);
    expect((await withPassword(t.app, '/api/v2/tickets', 'fresh@oubli.test', 'x', '10.1.1.1')).status).toBe(401);
  });

  it('limits browser sign-in on every spelling of its route, all in one count', async () => {
    await setLimits({ password_attempts_per_account: 1000 });
    const signIn = await browserAt(t.app, '10.2.2.2');
    // Spellings the router takes to the sign-in handler: each guess counts wherever it came in.
    const routed = [
      '/api/v2/session',
      '/api/v2/session/',
      '/api/v2/session.json',
      '/%61pi/v2/session',
      '/api/v2/./session',
      '/api/v2/session?x=1',
      '/api/v2/session.json?x=1',
      '/api/v2/session/?x=1',
      '/api/v2/%73ession',
      '//api/v2/session',
      '/api/v2//session',
    ];
    for (let i = 0; i < 30; i++) {
      const url = routed[i % routed.length]!;
      const r = await signIn(url, t.owner.email, `guess-${i}`);
      expect(r.status, `guess ${i} on ${url}`).toBe(401);
    }
    for (const url of routed) {
      const r = await signIn(url, t.owner.email, PASSWORD);
      expect(r.status, url).toBe(429);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    // No other spelling tests a password past the limit either: the right one opens nothing.
    for (const url of ['/API/v2/session', '/api/v2/session%2F', '/api/v2/Session', '/api/v2/session/x', '/api/v2/session%00']) {
      const r = await signIn(url, t.owner.email, PASSWORD);
      expect(r.status, url).not.toBe(200);
      expect(String(r.headers['set-cookie'] ?? ''), url).not.toContain('oubli_session=');
    }
    // Basic email:password from the same client shares the count.
    expect((await withPassword(t.app, '/api/v2/tickets', t.owner.email, 'guess', '10.2.2.2')).status).toBe(429);
  });

  it('limits guesses at one account from many addresses, whether the account exists or not', async () => {
    for (const target of [t.owner.email, 'nobody-here@oubli.test']) {
      const seen: number[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await withPassword(t.app, '/api/v2/tickets', target, `guess-${i}`, `10.3.${target.length}.${i}`);
        seen.push(r.status);
      }
      // Ten wrong passwords in 15 minutes, then 429 for everyone, the same for both.
      expect(seen).toEqual([...Array(10).fill(401), 429, 429]);
    }
    const late = await withPassword(t.app, '/api/v2/tickets', 'NoBody-Here@oubli.test ', 'x', '10.9.9.9');
    expect(late.status).toBe(429);
    expect(late.headers['retry-after']).toBe('900');
    // The account's owner waits too (docs); the browser form says the same.
    const signIn = await browserAt(t.app, '10.8.8.8');
    expect((await signIn('/api/v2/session', t.owner.email, PASSWORD)).status).toBe(429);
    t.clock.advance(900_000);
    expect((await signIn('/api/v2/session', t.owner.email, PASSWORD)).status).toBe(200);
  });

  it('counts wrong passwords only: right ones give their count back', async () => {
    await setLimits({ password_attempts_per_address: 3, password_attempts_per_account: 3 });
    // A script on Basic email:password makes many requests; none of them is a guess.
    for (let i = 0; i < 15; i++) {
      expect((await withPassword(t.app, '/api/v2/users/me', t.owner.email, PASSWORD, '10.4.4.4')).status).toBe(200);
    }
    for (let i = 0; i < 3; i++) {
      expect((await withPassword(t.app, '/api/v2/users/me', t.owner.email, 'wrong', '10.4.4.4')).status).toBe(401);
    }
    expect((await withPassword(t.app, '/api/v2/users/me', t.owner.email, 'wrong', '10.4.4.4')).status).toBe(429);
  });

  it('takes its limits and windows from the settings', async () => {
    await setLimits({ password_attempts_per_address: 3, password_address_window_seconds: 120 });
    for (let i = 0; i < 3; i++) expect((await withPassword(t.app, '/api/v2/tickets', `s${i}@oubli.test`, 'x', '10.5.5.5')).status).toBe(401);
    const blocked = await withPassword(t.app, '/api/v2/tickets', 's9@oubli.test', 'x', '10.5.5.5');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('120');
    await setLimits({ password_attempts_per_account: 2, password_account_window_seconds: 60 });
    for (let i = 0; i < 2; i++) expect((await withPassword(t.app, '/api/v2/tickets', 'acc@oubli.test', 'x', `10.6.0.${i}`)).status).toBe(401);
    const account = await withPassword(t.app, '/api/v2/tickets', 'acc@oubli.test', 'x', '10.6.0.9');
    expect(account.status).toBe(429);
    expect(account.headers['retry-after']).toBe('60');
    const bad = await t.call('PUT', '/api/v2/account/settings', { settings: { password_attempts_per_account: 0 } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.details)).toEqual(['password_attempts_per_account']);
  });

  it('counts one IPv6 /64 as one client', async () => {
    await setLimits({ password_attempts_per_address: 2 });
    expect((await withPassword(t.app, '/api/v2/tickets', 'a@oubli.test', 'x', '2001:db8:1:2::1')).status).toBe(401);
    expect((await withPassword(t.app, '/api/v2/tickets', 'b@oubli.test', 'x', '2001:db8:1:2:ffff::9')).status).toBe(401);
    expect((await withPassword(t.app, '/api/v2/tickets', 'c@oubli.test', 'x', '2001:db8:1:2:abcd:1:2:3')).status).toBe(429);
    expect((await withPassword(t.app, '/api/v2/tickets', 'c@oubli.test', 'x', '2001:db8:1:3::1')).status).toBe(401);
  });

  it('shares the counts between two servers on one database, and loses none when guesses race', async () => {
    const second = await sameDatabase(t.store);
    const other = await buildApp({ store: second, now: t.clock.now, logger: false });
    try {
      // 40 guesses at one account at once, from 40 addresses, half through each server.
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => withPassword(i % 2 ? other : t.app, '/api/v2/tickets', t.owner.email, `guess-${i}`, `10.7.0.${i}`)),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(30);
      // The address count is shared too.
      await setLimits({ password_attempts_per_address: 4 });
      for (let i = 0; i < 4; i++) expect((await withPassword(i % 2 ? other : t.app, '/api/v2/tickets', `x${i}@oubli.test`, 'x', '10.7.1.1')).status).toBe(401);
      expect((await withPassword(other, '/api/v2/tickets', 'y@oubli.test', 'x', '10.7.1.1')).status).toBe(429);
      expect((await withPassword(t.app, '/api/v2/tickets', 'y@oubli.test', 'x', '10.7.1.1')).status).toBe(429);
    } finally {
      await other.close();
      await second.close();
    }
  });

  it('keeps no address or email in clear, and old windows go', async () => {
    await withPassword(t.app, '/api/v2/tickets', 'Someone.Private@Example.test', 'x', '10.10.10.10');
    const rows = await t.store.db.selectFrom('auth_attempts').selectAll().execute();
    expect(rows.map((r) => r.scope).sort()).toEqual(['account', 'address']);
    const text = JSON.stringify(rows).toLowerCase();
    expect(text).not.toContain('someone');
    expect(text).not.toContain('10.10.10.10');
    // The sweep drops the windows that are over...
    t.clock.advance(16 * 60_000);
    const sweep = await runSweeps(t.ctx, { dryRun: false });
    expect(sweep.maintenance).toContain('deleted 2 expired password-attempt counters');
    expect(await t.store.db.selectFrom('auth_attempts').selectAll().execute()).toEqual([]);
    // ...and so does the next check that opens a window.
    await withPassword(t.app, '/api/v2/tickets', 'other@oubli.test', 'x', '10.10.10.11');
    t.clock.advance(16 * 60_000);
    await withPassword(t.app, '/api/v2/tickets', 'other@oubli.test', 'x', '10.10.10.11');
    const left = await t.store.db.selectFrom('auth_attempts').select(['scope', 'window_start']).execute();
    expect(left.map((r) => r.window_start).sort()).toEqual(['2026-11-22T10:30:00.000Z', '2026-11-22T10:32:00.000Z']);
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { hashPassword } from '../domain/auth/secrets.ts';
import { setPassword } from '../domain/auth/set-password.ts';

const PASSWORD = 'correct horse battery';

/** A browser, as far as the server can tell: a cookie jar and the CSRF token it was given. */
class Browser {
  cookies = new Map<string, string>();
  csrf = '';
  lastSetCookie: string[] = [];
  constructor(private t: TestApp, private headers: Record<string, string> = {}) {}

  async request(method: string, url: string, body?: unknown, opts: { csrf?: boolean } = {}) {
    const headers: Record<string, string> = { ...this.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (opts.csrf !== false && this.csrf) headers['x-csrf-token'] = this.csrf;
    const o: InjectOptions = { method: method as InjectOptions['method'], url, headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      o.payload = JSON.stringify(body);
    }
    const res = await this.t.app.inject(o);
    const set = res.headers['set-cookie'];
    this.lastSetCookie = set === undefined ? [] : Array.isArray(set) ? set : [set];
    for (const c of this.lastSetCookie) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      const value = v.join('=');
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k!);
      else this.cookies.set(k!, value);
    }
    const parsed = res.body ? JSON.parse(res.body) : undefined;
    if (parsed?.csrf_token) this.csrf = parsed.csrf_token;
    return { status: res.statusCode, body: parsed };
  }

  async signIn(email: string, password = PASSWORD) {
    await this.request('GET', '/api/v2/session');
    return this.request('POST', '/api/v2/session', { session: { email, password } });
  }
}

describeEachDb('browser sessions', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
    await setPassword(t.ctx, { email: t.owner.email, password: PASSWORD });
  });
  afterEach(async () => {
    await t.close();
  });

  it('says who is signed in, or nobody, and hands out a CSRF token either way', async () => {
    const b = new Browser(t);
    const anon = await b.request('GET', '/api/v2/session');
    expect(anon.status).toBe(200);
    expect(anon.body.session).toBeNull();
    expect(anon.body.csrf_token).toMatch(/.{20,}/);
    expect(b.lastSetCookie.join()).toMatch(/oubli_csrf=.*HttpOnly/);
    const signed = await b.signIn(t.owner.email);
    expect(signed.status).toBe(200);
    expect(signed.body.session.user.id).toBe(t.owner.id);
    expect(signed.body.session.abilities).toMatchObject({ settings: true, erase_users: true });
    const again = await b.request('GET', '/api/v2/session');
    expect(again.body.session.user.email).toBe(t.owner.email);
    expect(again.body.session.via).toBe('cookie');
  });

  it('sets an HttpOnly, SameSite=Lax cookie, Secure only behind https, and stores only a hash', async () => {
    const b = new Browser(t);
    await b.signIn(t.owner.email);
    const cookie = b.lastSetCookie.find((c) => c.startsWith('oubli_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const token = b.cookies.get('oubli_session')!;
    const rows = await (t.store.db as any).selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);

    const https = new Browser(t, { 'x-forwarded-proto': 'https' });
    await https.signIn(t.owner.email);
    expect(https.lastSetCookie.find((c) => c.startsWith('oubli_session='))).toMatch(/Secure/);
  });

  it('refuses a wrong password, an unknown email and a sign-in without the CSRF token', async () => {
    const b = new Browser(t);
    expect((await b.signIn(t.owner.email, 'wrong password!')).status).toBe(401);
    expect((await b.signIn('nobody@oubli.test')).status).toBe(401);
    const noCsrf = new Browser(t);
    const r = await noCsrf.request('POST', '/api/v2/session', { session: { email: t.owner.email, password: PASSWORD } });
    expect(r.status).toBe(403);
    expect(noCsrf.cookies.has('oubli_session')).toBe(false);
    const bad = await b.request('POST', '/api/v2/session', { nope: {} });
    expect(bad.status).toBe(400);
    expect(await (t.store.db as any).selectFrom('sessions').selectAll().execute()).toHaveLength(0);
  });

  it('lets the cookie authenticate API calls, and requires the CSRF token for changes', async () => {
    const b = new Browser(t);
    await b.signIn(t.owner.email);
    expect((await b.request('GET', '/api/v2/account/settings', undefined, { csrf: false })).status).toBe(200);
    const forged = await b.request('PUT', '/api/v2/account/settings', { settings: { spam_retention_days: 9 } }, { csrf: false });
    expect(forged.status).toBe(403);
    expect((await t.call('GET', '/api/v2/account/settings')).body.settings.spam_retention_days).toBe(30);
    const wrong = new Browser(t);
    wrong.cookies = new Map(b.cookies);
    wrong.csrf = 'not-the-token';
    expect((await wrong.request('PUT', '/api/v2/account/settings', { settings: { spam_retention_days: 9 } })).status).toBe(403);
    const ok = await b.request('PUT', '/api/v2/account/settings', { settings: { spam_retention_days: 9 } });
    expect(ok.status).toBe(200);
    expect(ok.body.settings.spam_retention_days).toBe(9);
  });

  it('keeps the Authorization header working exactly as before, without CSRF', async () => {
    const r = await t.call('PUT', '/api/v2/account/settings', { settings: { spam_retention_days: 8 } });
    expect(r.status).toBe(200);
    // A wrong header is a 401 even when a valid session cookie comes with it.
    const b = new Browser(t, { authorization: 'Bearer wrong' });
    b.cookies.set('oubli_session', 'x');
    expect((await b.request('GET', '/api/v2/job_statuses')).status).toBe(401);
  });

  it('signs out: the cookie is cleared and no longer opens anything', async () => {
    const b = new Browser(t);
    await b.signIn(t.owner.email);
    const token = b.cookies.get('oubli_session')!;
    expect((await b.request('DELETE', '/api/v2/session', undefined, { csrf: false })).status).toBe(403);
    expect((await b.request('DELETE', '/api/v2/session')).status).toBe(204);
    expect(b.cookies.has('oubli_session')).toBe(false);
    b.cookies.set('oubli_session', token);
    expect((await b.request('GET', '/api/v2/job_statuses')).status).toBe(401);
    expect((await b.request('GET', '/api/v2/session')).body.session).toBeNull();
  });

  it('ends a session after a week unused, and when the person is suspended', async () => {
    const b = new Browser(t);
    await b.signIn(t.owner.email);
    t.clock.advanceDays(6);
    expect((await b.request('GET', '/api/v2/job_statuses')).status).toBe(200);
    t.clock.advanceDays(6); // used on day 6, so it lasts to day 13
    expect((await b.request('GET', '/api/v2/job_statuses')).status).toBe(200);
    t.clock.advanceDays(8);
    expect((await b.request('GET', '/api/v2/job_statuses')).status).toBe(401);

    const admin = await t.staff('admin');
    await t.store.db.updateTable('users').set({ password_hash: await hashPassword(PASSWORD) }).where('id', '=', admin.id).execute();
    const a = new Browser(t);
    expect((await a.signIn(admin.email)).status).toBe(200);
    await t.store.db.updateTable('users').set({ suspended: 1 }).where('id', '=', admin.id).execute();
    expect((await a.request('GET', '/api/v2/job_statuses')).status).toBe(401);
    expect((await a.signIn(admin.email)).status).toBe(403);
  });

  it('does not let end users sign in to the agent app', async () => {
    const id = await t.contact({ email: 'end@example.test' });
    await t.store.db.updateTable('users').set({ password_hash: await hashPassword(PASSWORD) }).where('id', '=', id).execute();
    const r = await new Browser(t).signIn('end@example.test');
    expect(r.status).toBe(403);
  });

  it('erasing a person erases their sessions and unused links with them', async () => {
    const agent = await t.staff('agent');
    await t.store.db.updateTable('users').set({ password_hash: await hashPassword(PASSWORD) }).where('id', '=', agent.id).execute();
    expect((await new Browser(t).signIn(agent.email)).status).toBe(200);
    expect((await t.call('POST', `/api/v2/users/${agent.id}/password_link`)).status).toBe(201);
    const rowsOf = async (table: string) => (await (t.store.db as any).selectFrom(table).select('id').where('user_id', '=', agent.id).execute()).length;
    expect(await rowsOf('sessions')).toBe(1);
    expect(await rowsOf('password_tokens')).toBe(1);
    expect((await t.call('DELETE', `/api/v2/users/${agent.id}`)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/deleted_users/${agent.id}`)).status).toBe(200);
    expect(await rowsOf('sessions')).toBe(0);
    expect(await rowsOf('password_tokens')).toBe(0);
  });

  it('a new password signs the person out everywhere', async () => {
    const b = new Browser(t);
    await b.signIn(t.owner.email);
    const r = await setPassword(t.ctx, { email: t.owner.email, password: 'another long password' });
    expect(r.signedOut).toBe(1);
    expect((await b.request('GET', '/api/v2/job_statuses')).status).toBe(401);
    expect((await new Browser(t).signIn(t.owner.email)).status).toBe(401);
    expect((await new Browser(t).signIn(t.owner.email, 'another long password')).status).toBe(200);
  });
});

describeEachDb('inviting agents', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  it('an admin invites an agent, who chooses a password with the link once and is signed in', async () => {
    const r = await t.call('POST', '/api/v2/invitations', { invitation: { name: 'Ada Agent', email: 'ada@oubli.test', can_delete_tickets: true } });
    expect(r.status).toBe(201);
    const inv = r.body.invitation;
    expect(inv.url).toMatch(/\/set-password#token=/);
    expect(inv.url).toContain(inv.token);
    const user = (await t.call('GET', `/api/v2/users/${inv.user_id}`)).body.user;
    expect(user).toMatchObject({ role: 'agent', email: 'ada@oubli.test', can_delete_tickets: true });
    const rows = await (t.store.db as any).selectFrom('password_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(inv.token);

    const b = new Browser(t);
    await b.request('GET', '/api/v2/session');
    const short = await b.request('POST', '/api/v2/session/password', { password_link: { token: inv.token, password: 'short' } });
    expect(short.status).toBe(422);
    const ok = await b.request('POST', '/api/v2/session/password', { password_link: { token: inv.token, password: PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.body.session.user.id).toBe(inv.user_id);
    expect(ok.body.session.abilities).toMatchObject({ settings: false, delete_tickets: true });
    const reuse = await b.request('POST', '/api/v2/session/password', { password_link: { token: inv.token, password: 'a different one!' } });
    expect(reuse.status).toBe(400);
    expect((await new Browser(t).signIn('ada@oubli.test')).status).toBe(200);
  });

  it('links expire, a new link replaces the old, and only admins issue them', async () => {
    const agent = await t.staff('agent');
    expect((await t.call('POST', '/api/v2/invitations', { invitation: { name: 'X', email: 'x@oubli.test' } }, agent)).status).toBe(403);
    expect((await t.call('POST', `/api/v2/users/${agent.id}/password_link`, undefined, agent)).status).toBe(403);
    expect((await t.call('POST', `/api/v2/users/${t.owner.id}/password_link`, undefined, await t.staff('admin'))).status).toBe(403);
    const contact = await t.contact();
    expect((await t.call('POST', `/api/v2/users/${contact}/password_link`)).status).toBe(403);

    const first = (await t.call('POST', `/api/v2/users/${agent.id}/password_link`)).body.password_link;
    const second = (await t.call('POST', `/api/v2/users/${agent.id}/password_link`)).body.password_link;
    const b = new Browser(t);
    await b.request('GET', '/api/v2/session');
    const old = await b.request('POST', '/api/v2/session/password', { password_link: { token: first.token, password: PASSWORD } });
    expect(old.status).toBe(400);
    t.clock.advanceDays(2);
    const late = await b.request('POST', '/api/v2/session/password', { password_link: { token: second.token, password: PASSWORD } });
    expect(late.status).toBe(400);
    expect(b.cookies.has('oubli_session')).toBe(false);
    const u = await t.store.db.selectFrom('users').select('password_hash').where('id', '=', agent.id).executeTakeFirstOrThrow();
    expect(u.password_hash).toBeNull();
  });

  it('refuses an invitation for an address someone already has, creating nobody', async () => {
    await t.contact({ email: 'taken@example.test' });
    const before = await t.store.db.selectFrom('users').select('id').execute();
    const r = await t.call('POST', '/api/v2/invitations', { invitation: { name: 'Dup', email: 'taken@example.test' } });
    expect(r.status).toBe(422);
    expect(await t.store.db.selectFrom('users').select('id').execute()).toHaveLength(before.length);
  });
});

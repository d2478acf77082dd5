import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../db.ts';
import { ROWS } from './permissions-doc.ts';
import { createWorld, type World } from './world.ts';

// Every 201 of the API says where the new record is (Location, as Zendesk sends it), and
// every 401 says how to authenticate (WWW-Authenticate), except to the web app's own fetches,
// where a Basic challenge would open the browser's password dialog.

describeEachDb('Location and WWW-Authenticate', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(kind);
  }, 60_000);
  afterAll(() => w.close());

  it('sends Location with the record’s URL on every 201 of the role table', async () => {
    const created = ROWS.filter((r) => r.expect.owner === 201 && !r.run);
    expect(created.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const row of created) {
      const shared = row.shared ? await row.shared(w) : undefined;
      const req = row.make ? await row.make(w, 'owner', shared) : { url: `/api/v2${row.path}`, body: undefined };
      const res = await w.t.app.inject({
        method: row.method,
        url: req.url,
        headers: { authorization: w.people.owner!.auth, ...(req.body === undefined ? {} : { 'content-type': Buffer.isBuffer(req.body) ? 'application/octet-stream' : 'application/json' }) },
        ...(req.body === undefined ? {} : { payload: Buffer.isBuffer(req.body) ? req.body : JSON.stringify(req.body) }),
      });
      const r = { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
      expect(r.status, `${row.method} ${row.path}`).toBe(201);
      const urls = Object.values(r.body ?? {}).flatMap((v: any) => (v && typeof v === 'object' && typeof v.url === 'string' ? [v.url] : []));
      const location = r.headers.location;
      // The record's own url when the answer has one (a chat file's is a path); else an absolute URL.
      const good = typeof location === 'string' && (urls.length ? location === urls[0] : /^https?:\/\/[^/]+\/api\/v2\//.test(location));
      if (!good) missing.push(`${row.method} ${row.path}: ${String(location)}`);
    }
    expect(missing).toEqual([]);
  }, 120_000);

  it('challenges API clients on 401 and spares the web app’s fetches', async () => {
    const anonymous = await w.t.app.inject({ method: 'GET', url: '/api/v2/tickets' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Basic realm="Web Password"');
    const wrong = await w.t.app.inject({ method: 'GET', url: '/api/v2/users/me', headers: { authorization: `Basic ${Buffer.from('a@b.test/token:nope').toString('base64')}` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Basic realm="Web Password"');
    const typed = await w.t.app.inject({ method: 'GET', url: '/api/v2/tickets', headers: { 'sec-fetch-mode': 'navigate' } });
    expect(typed.headers['www-authenticate']).toBe('Basic realm="Web Password"');
    const fetched = await w.t.app.inject({ method: 'GET', url: '/api/v2/tickets', headers: { 'sec-fetch-mode': 'cors' } });
    expect(fetched.statusCode).toBe(401);
    expect(fetched.headers['www-authenticate']).toBeUndefined();
    // Only 401s: a 403 or a 404 has no challenge.
    const forbidden = await w.call('endUser', 'GET', '/api/v2/tickets');
    expect(forbidden.status).toBe(403);
    const f = await w.t.app.inject({ method: 'GET', url: '/api/v2/no_such', headers: { authorization: w.people.owner!.auth } });
    expect(f.headers['www-authenticate']).toBeUndefined();
  });
});

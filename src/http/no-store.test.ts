import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { describeEachDb } from '../../test/db.ts';

// No copy of an API answer in a browser or proxy cache (stores.ts, "browser-http-cache").

describeEachDb('API answers are not cached', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());

  it('says no-store on answers, refusals and errors, and leaves the web app’s own headers alone', async () => {
    const id = await t.contact({ name: 'Cached Person' });
    for (const [url, who, status] of [
      [`/api/v2/users/${id}`, t.owner, 200],
      ['/api/v2/users/search?query=Cached', t.owner, 200],
      ['/api/v2/users/99999', t.owner, 404],
      [`/api/v2/users/${id}`, null, 401],
      ['/api/v2/no_such_thing', t.owner, 404],
    ] as const) {
      const r = await t.call('GET', url, undefined, who);
      expect(r.status, url).toBe(status);
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
    const page = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(page.headers['cache-control']).toBeUndefined();
  });
});

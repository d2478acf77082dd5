import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';

// `/users/count` and every other fixed word are endpoints, never ids: under every resource,
// each fixed word put where an id goes answers either the endpoint of that name or 404
// InvalidEndpoint — never RecordNotFound, which would tell a client its endpoint was right
// and its id wrong. An unknown id still answers RecordNotFound.

/** Zendesk's fixed words, whether or not Oubli has the endpoint under a given resource. */
const ZENDESK_WORDS = ['count', 'show_many', 'search', 'me', 'autocomplete', 'destroy_many', 'update_many', 'create_many', 'create_or_update', 'create_or_update_many', 'incremental', 'recent', 'mark_many_as_spam', 'restore_many', 'requested', 'ccd', 'assigned'];

describeEachDb('fixed words are never ids', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  }, 60_000);
  afterAll(() => t.close());

  it('answers every fixed word under every resource as an endpoint, never as a missing record', async () => {
    const routes = t.app.apiRoutes.filter((r) => r.url.startsWith('/api/v2/'));
    // The words that sit where an id sits under the same resource: `/users/count` beside `/users/:id`.
    const siblings = new Map<string, Set<string>>();
    for (const r of routes) {
      const segs = r.url.split('/');
      segs.forEach((s, i) => {
        if (i < 3 || s.startsWith(':')) return;
        const prefix = segs.slice(0, i).join('/');
        (siblings.get(prefix) ?? siblings.set(prefix, new Set()).get(prefix)!).add(s);
      });
    }
    let tried = 0;
    const wrong: string[] = [];
    for (const r of routes) {
      const segs = r.url.split('/');
      const at = segs.findIndex((s) => /^:.*id$/i.test(s));
      if (at < 0) continue;
      const prefix = segs.slice(0, at).join('/');
      for (const word of new Set([...ZENDESK_WORDS, ...(siblings.get(prefix) ?? [])])) {
        const url = segs.map((s, i) => (i === at ? word : s.startsWith(':') ? '1' : s)).join('/');
        const res = await t.call(r.method, url, r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
        tried++;
        if (res.body?.error === 'RecordNotFound') wrong.push(`${r.method} ${url} (route ${r.url})`);
      }
    }
    expect(tried).toBeGreaterThan(1000);
    expect(wrong).toEqual([]);
  }, 240_000);

  it('answers InvalidEndpoint for a fixed word with no endpoint, RecordNotFound for an unknown id', async () => {
    for (const [method, url] of [
      ['GET', '/api/v2/tickets/update_many'],
      ['GET', '/api/v2/users/destroy_many.json'],
      ['PUT', '/api/v2/users/me'],
      ['DELETE', '/api/v2/tickets/show_many'],
      ['GET', '/api/v2/organizations/autocomplete/users'],
      ['GET', '/api/v2/tickets/1/audits/show_many'],
      ['GET', '/api/v2/no_such_resource'],
    ] as const) {
      const r = await t.call(method, url, method === 'PUT' ? {} : undefined);
      expect([url, r.status, r.body]).toEqual([url, 404, { error: 'InvalidEndpoint', description: 'Not found' }]);
    }
    for (const url of ['/api/v2/users/999999', '/api/v2/tickets/999999', '/api/v2/tickets/abc', '/api/v2/organizations/999999/users']) {
      const r = await t.call('GET', url);
      expect([url, r.status, r.body.error]).toEqual([url, 404, 'RecordNotFound']);
    }
    // A real endpoint of that name is answered by it.
    expect((await t.call('GET', '/api/v2/users/count')).body.count.value).toBeGreaterThan(0);
    expect((await t.call('GET', '/api/v2/users/me')).body.user.id).toBe(t.owner.id);
  });
});

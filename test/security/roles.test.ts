import { readFileSync, writeFileSync } from 'node:fs';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb } from '../db.ts';
import { registerRoutes } from '../../src/http/routes/index.ts';
import { ROWS, withTable } from './permissions-doc.ts';
import { changedTables, snapshot } from './snapshot.ts';
import { createWorld, WHO, type Answer, type World } from './world.ts';

// Every cell of the role × action table (docs/permissions.md) through the HTTP API, on both
// databases: each row's caller gets the status the table says, and a refused call changes
// no row of any table. The docs' table is rendered from the same rows, so they cannot drift.

const DOC = new URL('../../docs/permissions.md', import.meta.url);

describe('docs/permissions.md', () => {
  it('shows the table this test checks', () => {
    const doc = readFileSync(DOC, 'utf8');
    const want = withTable(doc);
    // UPDATE_DOCS=1 npx vitest run test/security/roles.test.ts writes the table after a change to the rows.
    if (process.env.UPDATE_DOCS && want !== doc) writeFileSync(DOC, want);
    else expect(doc, 'the rows changed: run with UPDATE_DOCS=1 to render the table').toBe(want);
  });

  it('has a row for every route of the API, and no row for a route that does not exist', async () => {
    const app = Fastify();
    const routes = new Set<string>();
    app.addHook('onRoute', (r) => {
      for (const m of [r.method].flat()) if (m !== 'HEAD') routes.add(`${m} ${r.url.replace(/:[^/]+/g, ':')}`);
    });
    await app.register(registerRoutes, { prefix: '/api/v2' });
    await app.ready();
    await app.close();
    // `/users/{id} {suspended: true}` and `/search?query=` are the route `/users/:` and `/search`.
    const rows = new Set(ROWS.map((r) => `${r.method} /api/v2${r.path.split(/[ ?]/)[0]!.replace(/\{[^}]+\}/g, ':')}`));
    expect([...routes].filter((r) => !rows.has(r)).sort(), 'routes without a row').toEqual([]);
    expect([...rows].filter((r) => !routes.has(r)).sort(), 'rows without a route').toEqual([]);
  });

  it('covers every action once per role, with no duplicate rows', () => {
    const keys = ROWS.map((r) => `${r.area} ${r.action} ${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of ROWS) expect(Object.keys(r.expect).sort(), r.action).toEqual([...WHO].sort());
  });
});

describeEachDb('role × action table', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(kind);
  }, 60_000);
  afterAll(() => w.close());

  it('the "changed nothing" check sees a single changed value', async () => {
    const before = await snapshot(w.t.store);
    const id = await w.contact();
    const mid = await snapshot(w.t.store);
    expect(changedTables(before, mid)).toContain('users');
    await w.t.store.db.updateTable('users').set({ notes: 'x' }).where('id', '=', id).execute();
    // (On SQLite the search index's shadow tables follow the notes.)
    expect(changedTables(mid, await snapshot(w.t.store))).toContain('users');
  });

  for (const row of ROWS) {
    it(`${row.area}: ${row.action} (${row.method} ${row.path})`, async () => {
      const shared = row.shared ? await row.shared(w) : undefined;
      const seen: Record<string, number> = {};
      const problems: string[] = [];
      for (const who of WHO) {
        const send: () => Promise<Answer> = row.run
          ? await row.run(w, who)
          : await (async () => {
              const req = row.make ? await row.make(w, who, shared) : { url: `/api/v2${row.path}`, body: undefined };
              return () => w.call(who, row.method, req.url, req.body);
            })();
        const before = row.expect[who] >= 400 ? await snapshot(w.t.store) : null;
        const r = await send();
        seen[who] = r.status;
        if (r.status !== row.expect[who]) problems.push(`${who}: ${r.status} ${JSON.stringify(r.body)?.slice(0, 200)}`);
        if (before) {
          const changed = changedTables(before, await snapshot(w.t.store));
          if (changed.length) problems.push(`${who}: refused with ${r.status} but changed ${changed.join(', ')}`);
          if (r.status === 403) expect(r.body?.error, who).toBe('Forbidden');
          if (r.status === 401) expect(r.body?.error, who).toBe("Couldn't authenticate you");
        }
      }
      expect(problems, JSON.stringify(seen)).toEqual([]);
    }, 60_000);
  }
});

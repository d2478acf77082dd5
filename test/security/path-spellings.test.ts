import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../src/db/connect.ts';
import { insertApiToken } from '../../src/db/queries/users.ts';
import { hashToken, newToken } from '../../src/domain/auth/secrets.ts';
import type { ApiRoute } from '../../src/http/access.ts';
import { createTestApp } from '../app.ts';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';

// Tries every API route of the real `oubli serve` under many spellings of its path, as an
// attacker would, without credentials and as an end user. Authentication runs on the
// matched route (src/http/access.ts), so each answer must be the authentication refusal
// (401), the end-user refusal (403), or 404 InvalidEndpoint for a spelling that matches no
// route — never a handler's answer (data, RecordNotFound, a validation error) and never
// the web app's HTML page.

/** A concrete path for a route pattern (`:id` → 1). */
function concrete(url: string): string {
  return url.replace(/:[a-z_]+/gi, (p) => (p === ':token' ? 'abc123' : '1')).replace(/\*$/, 'x');
}

/** Every way of writing one path that a lax router, a proxy or a client might produce. */
export function spellings(path: string): string[] {
  const segs = path.split('/').slice(1); // ['api', 'v2', 'users', '1']
  const join = (s: string[]) => `/${s.join('/')}`;
  const out = new Set<string>([path, `${path}.json`, `${path}/`, `${path}?a=1`, `${path}.json?x=/api/v2/session`, `${path}#x`]);
  segs.forEach((seg, i) => {
    const at = (v: string) => join(segs.map((s, j) => (j === i ? v : s)));
    const hex = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    out.add(at(hex(seg[0]!) + seg.slice(1))); // /%61pi/v2/users
    out.add(at(hex(seg[0]!).toUpperCase() + seg.slice(1))); // /%61 vs %61 are the same; upper hex digits
    out.add(at([...seg].map(hex).join(''))); // a whole segment escaped
    out.add(at(seg.toUpperCase())); // case
    out.add(at(seg[0]!.toUpperCase() + seg.slice(1)));
    out.add(join([...segs.slice(0, i), '', ...segs.slice(i)])); // a double slash before it
    out.add(join([...segs.slice(0, i), '.', ...segs.slice(i)])); // a dot segment
    out.add(join([...segs.slice(0, i), 'x', '..', ...segs.slice(i)])); // x/..
    out.add(join([...segs.slice(0, i), '%2e', ...segs.slice(i)])); // escaped dot segment
    out.add(at(`${seg};a=1`)); // a matrix parameter
    if (i > 0) out.add(`${join(segs.slice(0, i))}%2F${segs.slice(i).join('/')}`); // an escaped slash
  });
  out.add(`/${path}`); // leading double slash
  out.add(`/%2F${path.slice(1)}`);
  out.add(`${path}%2Ejson`);
  out.add(`${path}.JSON`);
  out.add(`${path}%00`);
  out.add(`${path}%`);
  out.add(`/%41PI//${segs.slice(1).join('/')}/.json?q=1`);
  out.add(path.replace('/api/v2/', '/api/v2/./'));
  out.add(path.replace('/api/', '/api/../api/'));
  return [...out];
}

interface Answer {
  status: number;
  type: string;
  body: string;
}

function send(base: string, method: string, path: string, auth?: string): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path, // sent byte for byte: node does not normalize it
        headers: { ...(auth ? { authorization: auth } : {}), ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
      },
    );
    req.on('error', reject);
    req.end(method === 'GET' || method === 'DELETE' ? undefined : '{}');
  });
}

const REFUSED = { error: "Couldn't authenticate you" };

/** The public help centre's routes (src/http/hc), each also under /hc/{locale}/… where it is a page to read. */
const HC_PAGES = [
  'GET /hc/hc.css',
  'GET /hc', 'GET /hc/:locale',
  ...['/categories/:id', '/sections/:id', '/articles/:id', '/search'].flatMap((p) => [`GET /hc${p}`, `GET /hc/:locale${p}`]),
  'POST /hc/articles/:id/comments', 'POST /hc/articles/:id/comments/:cid/delete', 'POST /hc/articles/:id/vote',
  'GET /hc/community/topics', 'GET /hc/community/topics/:id', 'GET /hc/community/posts/new', 'POST /hc/community/posts',
  'GET /hc/community/posts/:id', 'POST /hc/community/posts/:id/comments', 'POST /hc/community/posts/:id/delete',
  'POST /hc/community/posts/:id/comments/:cid/delete', 'POST /hc/community/posts/:id/vote', 'POST /hc/community/posts/:id/comments/:cid/vote',
  'GET /hc/signin', 'POST /hc/signin', 'GET /hc/signin/link', 'POST /hc/signin/link', 'POST /hc/signout',
  'GET /hc/community_attachments/:id/:name',
];

/** The only answers a request without the right to a route may get. */
function checkRefused(a: Answer, who: 'nobody' | 'end user'): string | null {
  let body: unknown;
  try {
    body = JSON.parse(a.body);
  } catch {
    return `${a.status} non-JSON (${a.type}): ${a.body.slice(0, 60)}`;
  }
  const b = body as { error?: string };
  if (a.status === 401 && JSON.stringify(b) === JSON.stringify(REFUSED)) return null;
  if (who === 'end user' && a.status === 403 && b.error === 'Forbidden') return null;
  if (a.status === 404 && b.error === 'InvalidEndpoint') return null;
  // A path the HTTP layer cannot even decode (`%` alone, `%00`) is refused before routing.
  if (a.status === 400 && b.error === 'InvalidRequest') return null;
  return `${a.status} ${a.body.slice(0, 80)}`;
}

describeEachDb('security: no spelling of a path reaches a handler without authentication', (kind) => {
  let server: RunningServer;
  let routes: ApiRoute[];
  let hcRoutes: string[];
  let endUserAuth: string;

  beforeAll(async () => {
    const t = await createTestApp(kind); // only to read the list of routes the app registers
    routes = [...t.app.apiRoutes];
    hcRoutes = [...t.app.hcRoutes];
    await t.close();
    server = await startServer(kind);
    const owner = `Basic ${Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64')}`;
    const created = await fetch(`${server.baseUrl}/api/v2/users.json`, {
      method: 'POST',
      headers: { authorization: owner, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { name: 'Eve End', email: 'eve@example.test' } }),
    });
    const endUserId = ((await created.json()) as { user: { id: number } }).user.id;
    // End users get no API tokens from Oubli; one is planted to test the route check alone.
    const store = await openStore({ dataDir: server.dataDir, databaseUrl: server.databaseUrl });
    const token = newToken();
    await insertApiToken(store.db, endUserId, hashToken(token), new Date().toISOString());
    await store.close();
    endUserAuth = `Basic ${Buffer.from(`eve@example.test/token:${token}`).toString('base64')}`;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('lists the routes it protects, and only sign-in, /users/me, the chat visitor\'s routes and rating one\'s own ticket are public', () => {
    expect(routes.length).toBeGreaterThan(60);
    const pub = routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`);
    expect(pub.sort()).toEqual(
      [
        'DELETE /api/v2/session',
        'GET /api/v2/session',
        'GET /api/v2/users/me',
        'POST /api/v2/session',
        'POST /api/v2/session/password',
        // The chat widget's visitor (docs/chat.md): authenticated by the widget's secret in the message or a header.
        'GET /api/v2/chat/visitor',
        'GET /api/v2/chat/visitor/files/:id',
        'OPTIONS /api/v2/chat/visitor/files',
        'OPTIONS /api/v2/chat/visitor/files/:id',
        'POST /api/v2/chat/visitor/files',
        // The requester rates their own solved ticket (docs/satisfaction.md); anyone else gets 404 or 401.
        'POST /api/v2/tickets/:id/satisfaction_rating',
        // The help centre's article files (docs/help-centre.md): public while their article is published.
        'GET /hc/article_attachments/:id/:file_name',
      ].sort(),
    );
  });

  it('lists the public help centre\'s pages (docs/help-centre-community.md): public on purpose, outside /api, and these are all', () => {
    // Anyone reads them; every form (POST) checks its CSRF token and acts as the signed-in
    // reader, whom the domain action authorizes. None of them reaches an API handler.
    expect(hcRoutes.sort()).toEqual(HC_PAGES.sort());
  });

  it('refuses every spelling of every staff route, without credentials and as an end user', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const r of routes.filter((x) => x.access === 'staff')) {
      for (const path of spellings(concrete(r.url))) {
        for (const [who, auth] of [['nobody', undefined], ['end user', endUserAuth]] as const) {
          tried++;
          const why = checkRefused(await send(server.baseUrl, r.method, path, auth), who);
          if (why) failures.push(`${who} ${r.method} ${path} → ${why}`);
        }
      }
    }
    console.log(`path spellings tried: ${tried} requests over ${routes.length} routes`);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 300_000);

  it('answers unknown API paths, however spelled, with 404 InvalidEndpoint and never the web app', async () => {
    const owner = `Basic ${Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64')}`;
    for (const path of ['/api/v2/nothing_here', '/API/v2/users', '/%61pi/v2/nothing', '/api%2Fv2/users', '/x/../api/v2/nothing', '/api', '/Api/']) {
      for (const auth of [undefined, owner]) {
        const a = await send(server.baseUrl, 'GET', path, auth);
        expect([a.status, JSON.parse(a.body).error], `${path}`).toEqual([404, 'InvalidEndpoint']);
      }
    }
  });

  it('serves the same handler to staff under the spellings that match a route', async () => {
    const owner = `Basic ${Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64')}`;
    for (const path of ['/api/v2/users/me', '/api/v2/users/me.json', '/api/v2//users/me/', '/%61pi/v2/users/me', '//api/v2/users/me']) {
      const a = await send(server.baseUrl, 'GET', path, owner);
      expect([path, a.status, JSON.parse(a.body).user?.email]).toEqual([path, 200, server.ownerEmail]);
    }
  });
});

import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';

// The real `oubli serve` over real HTTP: every kind of answer carries nosniff, and the bytes
// that no client library would send (a NUL, a lone surrogate, bytes that are not UTF-8,
// a broken percent escape) are refused with our error body, on both databases.

/** One raw HTTP request: the path and body bytes go out exactly as given. */
function raw(server: RunningServer, method: string, path: string, body?: Buffer, auth = true): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = `Basic ${Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64')}`;
    if (body) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(body.length);
    }
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describeEachDb('bad bytes against the real server', (kind) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(kind);
  });
  afterAll(() => server?.stop());

  it('sets X-Content-Type-Options: nosniff on every kind of answer', async () => {
    const answers = [
      await raw(server, 'GET', '/api/v2/users/me.json'),
      await raw(server, 'GET', '/api/v2/users', undefined, false),
      await raw(server, 'GET', '/api/v2/no_such_endpoint'),
      await raw(server, 'GET', '/api/v2/users/2147483648'),
      await raw(server, 'GET', '/api/v2/users/a%zz'),
      await raw(server, 'POST', '/api/v2/users', Buffer.from('{"user":')),
      await raw(server, 'GET', '/'),
      await raw(server, 'GET', '/healthz'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 404, 400, 400, 200, 200]);
    for (const a of answers) expect(a.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a NUL, a lone surrogate and bytes that are not UTF-8, and stores nothing', async () => {
    const count = async () => JSON.parse((await raw(server, 'GET', '/api/v2/users?per_page=1')).text).count as number;
    const before = await count();
    const cases: [string, string, Buffer | undefined, RegExp][] = [
      ['POST', '/api/v2/users', Buffer.from('{"user":{"name":"a\\u0000b"}}'), /^user\.name contains a NUL character/],
      ['POST', '/api/v2/users', Buffer.from('{"user":{"name":"a\\ud800b"}}'), /^user\.name contains an unpaired UTF-16 surrogate/],
      ['POST', '/api/v2/users', Buffer.concat([Buffer.from('{"user":{"name":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b"}}')]), /not valid UTF-8/],
      // CESU-8 / WTF-8 spelling of a lone surrogate: invalid UTF-8 too.
      ['POST', '/api/v2/users', Buffer.concat([Buffer.from('{"user":{"name":"a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b"}}')]), /not valid UTF-8/],
      ['GET', '/api/v2/users/search?query=a%00b', undefined, /^query parameter query contains a NUL/],
      ['GET', '/api/v2/users/a%ED%A0%80', undefined, /URL is not valid/],
      ['GET', '/api/v2/job_statuses/x%00', undefined, /^path parameter id contains a NUL/],
      ['GET', '/api/v2/users/show_many?ids=2147483648', undefined, /^ids: "2147483648" is not an id/],
      ['GET', '/api/v2/search?query=requester%3A2147483648', undefined, /^requester: .*from 1 to 2147483647/],
    ];
    for (const [method, path, body, text] of cases) {
      const r = await raw(server, method, path, body);
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(400);
      const parsed = JSON.parse(r.text);
      expect(parsed.error).toBe('InvalidRequest');
      expect(parsed.description).toMatch(text);
    }
    expect(await count()).toBe(before);
  });
});

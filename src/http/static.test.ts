import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { createTestStore, type TestStore } from '../../test/db.ts';

describe('serving the web app', () => {
  let store: TestStore;
  let app: FastifyInstance;
  let outer: string;
  let root: string;
  beforeEach(async () => {
    // The web root inside a folder of the test's own, which holds the secret one level up.
    outer = mkdtempSync(join(tmpdir(), 'oubli-web-'));
    root = join(outer, 'web');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Oubli</title><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log("app")');
    writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(outer, 'oubli-secret.txt'), 'secret');
    store = await createTestStore('sqlite');
    app = await buildApp({ store, now: () => new Date(), logger: false, webRoot: root });
  });
  afterEach(async () => {
    await app.close();
    await store.destroy();
    rmSync(outer, { recursive: true, force: true });
  });

  it('answers / and the app routes with index.html, with a strict content security policy', async () => {
    for (const url of ['/', '/tickets/5', '/contacts?tab=deleted', '/set-password']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/text\/html/);
      expect(r.body).toContain('<div id="root">');
      expect(r.headers['content-security-policy']).toMatch(/script-src 'self'/);
      // Remote images only over http(s), for the agent who asks to see them; no data: or blob: images.
      expect(String(r.headers['content-security-policy']).split('; ')).toContain("img-src 'self' http: https:");
      expect(r.headers['content-security-policy']).not.toMatch(/data:|blob:|\*/);
      expect(r.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves built files, caching hashed assets for good', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toMatch(/immutable/);
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('gives a 404, not the app, for missing files and anything outside the build', async () => {
    expect((await app.inject({ method: 'GET', url: '/assets/gone-123.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/robots.txt' })).statusCode).toBe(404);
    for (const url of ['/..%2foubli-secret.txt', '/assets/..%2f..%2foubli-secret.txt', '/%2e%2e/oubli-secret.txt']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.body).not.toContain('secret');
    }
  });

  it('leaves /api/ to the API: unknown endpoints stay JSON 404s and auth is unchanged', async () => {
    // Authentication belongs to matched routes: an unknown endpoint is a JSON 404 for anyone, never the app.
    const r = await app.inject({ method: 'GET', url: '/api/v2/nothing_here' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/json/);
    expect(r.json().error).toBe('InvalidEndpoint');
    const other = await app.inject({ method: 'GET', url: '/api/v3/anything' });
    expect(other.statusCode).toBe(404);
    expect(other.json().error).toBe('InvalidEndpoint');
    const unauth = await app.inject({ method: 'GET', url: '/api/v2/job_statuses' });
    expect(unauth.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api' })).statusCode).toBe(404);
  });

  it('says how to build the app when it has not been built', async () => {
    rmSync(join(root, 'index.html'));
    const r = await app.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(503);
    expect(r.body).toMatch(/npm install/);
  });
});

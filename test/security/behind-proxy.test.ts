import { afterEach, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { loadConfig } from '../../src/config.ts';
import { setupOwner } from '../../src/domain/auth/setup-owner.ts';
import { silentLogger, SYSTEM_ACTOR } from '../../src/context.ts';
import { FakeClock } from '../clock.ts';
import { createTestStore, describeEachDb, type TestStore } from '../db.ts';

// Behind a TLS-terminating proxy (docs/operations.md): X-Forwarded-Proto is believed only
// from the proxies named in OUBLI_TRUST_PROXY, so object URLs and links.next say https to
// clients of the proxy, and nobody else can make the server say so.

it('reads OUBLI_TRUST_PROXY as a list of addresses and ranges, and refuses anything else', () => {
  expect(loadConfig({}, {}).trustProxy).toEqual([]);
  expect(loadConfig({}, { OUBLI_TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1']);
  expect(() => loadConfig({}, { OUBLI_TRUST_PROXY: 'everyone' })).toThrow(/trustProxy/);
  expect(() => loadConfig({}, { OUBLI_TRUST_PROXY: 'true' })).toThrow(/trustProxy/);
});

describeEachDb('behind a reverse proxy', (kind) => {
  let store: TestStore;
  afterEach(() => store?.destroy());

  it('uses the scheme the trusted proxy forwards, and ignores it from anyone else', async () => {
    store = await createTestStore(kind);
    const clock = new FakeClock();
    const ctx = { db: store.db, caps: store.caps, now: clock.now, log: silentLogger, actor: SYSTEM_ACTOR, checkpoint: store.checkpoint };
    const owner = await setupOwner(ctx, { email: 'owner@proxy.test', name: 'Olive Owner' });
    const auth = `Basic ${Buffer.from(`owner@proxy.test/token:${owner.token}`).toString('base64')}`;
    const call = async (trustProxy: string[] | undefined, remoteAddress: string) => {
      const app = await buildApp({ store, now: clock.now, logger: false, trustProxy });
      try {
        const r = await app.inject({
          method: 'GET',
          url: '/api/v2/users?per_page=1',
          remoteAddress,
          headers: { authorization: auth, host: 'help.example.test', 'x-forwarded-proto': 'https' },
        });
        expect(r.headers['x-content-type-options']).toBe('nosniff');
        return JSON.parse(r.body).users[0].url as string;
      } finally {
        await app.close();
      }
    };
    expect(await call(['loopback'], '127.0.0.1')).toMatch(/^https:\/\/help\.example\.test\/api\/v2\/users\//);
    expect(await call(['10.0.0.0/8'], '10.1.2.3')).toMatch(/^https:\/\//);
    expect(await call(['10.0.0.0/8'], '203.0.113.9')).toMatch(/^http:\/\//);
    expect(await call(undefined, '127.0.0.1')).toMatch(/^http:\/\//);
  });
});

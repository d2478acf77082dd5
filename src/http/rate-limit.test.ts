import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { PASSWORD_ATTEMPTS_PER_MINUTE } from './rate-limit.ts';

describeEachDb('password rate limit', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const basic = (user: string, secret: string) => ({ ...t.owner, auth: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}` });

  it('answers 429 with Retry-After once a client has guessed too many passwords, and tokens still work', async () => {
    for (let i = 0; i < PASSWORD_ATTEMPTS_PER_MINUTE; i++) {
      expect((await t.call('GET', '/api/v2/job_statuses', undefined, basic(t.owner.email, `guess-${i}`))).status).toBe(401);
    }
    const blocked = await t.call('GET', '/api/v2/job_statuses', undefined, basic(t.owner.email, 'one-more'));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.error).toBe('TooManyRequests');
    // An API token is a long random secret, not a password: not limited.
    expect((await t.call('GET', '/api/v2/job_statuses')).status).toBe(200);
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';

describeEachDb('http basics', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers /healthz', async () => {
    const r = await t.call('GET', '/healthz', undefined, null);
    expect(r.status).toBe(200);
  });

  it('refuses missing and wrong credentials with the Zendesk body', async () => {
    const none = await t.call('GET', '/api/v2/job_statuses', undefined, null);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: "Couldn't authenticate you" });
    const wrong = await t.call('GET', '/api/v2/job_statuses', undefined, { ...t.owner, auth: `Bearer nope` });
    expect(wrong.status).toBe(401);
    const badPassword = await t.call('GET', '/api/v2/job_statuses', undefined, {
      ...t.owner,
      auth: `Basic ${Buffer.from(`${t.owner.email}:wrong`).toString('base64')}`,
    });
    expect(badPassword.status).toBe(401);
  });

  it('accepts token auth as Basic email/token and as Bearer, with or without .json', async () => {
    expect((await t.call('GET', '/api/v2/job_statuses.json')).status).toBe(200);
    const bearer = await t.call('GET', '/api/v2/job_statuses', undefined, { ...t.owner, auth: `Bearer ${t.owner.token}` });
    expect(bearer.status).toBe(200);
  });

  it('refuses a token presented with someone else\'s email', async () => {
    const agent = await t.staff('agent');
    const r = await t.call('GET', '/api/v2/job_statuses', undefined, {
      ...agent,
      auth: `Basic ${Buffer.from(`${t.owner.email}/token:${agent.token}`).toString('base64')}`,
    });
    expect(r.status).toBe(401);
  });

  it('records a token\'s last use to the minute, not a write on every request', async () => {
    const agent = await t.staff('agent');
    const lastUsed = async () =>
      (await t.store.db.selectFrom('api_tokens').select('last_used_at').where('user_id', '=', agent.id).executeTakeFirstOrThrow()).last_used_at;
    expect(await lastUsed()).toBeNull();
    const first = t.clock.now().toISOString();
    expect((await t.call('GET', '/api/v2/job_statuses', undefined, agent)).status).toBe(200);
    expect(await lastUsed()).toBe(first);
    t.clock.advance(59_000);
    expect((await t.call('GET', '/api/v2/job_statuses', undefined, agent)).status).toBe(200);
    expect(await lastUsed()).toBe(first);
    t.clock.advance(1_000);
    expect((await t.call('GET', '/api/v2/job_statuses', undefined, agent)).status).toBe(200);
    expect(await lastUsed()).toBe(t.clock.now().toISOString());
    // A refused token is not a use.
    await t.store.db.updateTable('users').set({ suspended: 1 }).where('id', '=', agent.id).execute();
    t.clock.advance(120_000);
    const before = await lastUsed();
    expect((await t.call('GET', '/api/v2/job_statuses', undefined, agent)).status).toBe(401);
    expect(await lastUsed()).toBe(before);
  });

  it('refuses a token with its owner\'s email once that address is released (the contact deleted)', async () => {
    const agent = await t.staff('agent');
    expect((await t.call('GET', '/api/v2/job_statuses', undefined, agent)).status).toBe(200);
    await t.store.db.updateTable('identities').set({ released: 1 }).where('user_id', '=', agent.id).execute();
    expect((await t.call('GET', '/api/v2/job_statuses', undefined, agent)).status).toBe(401);
    // The same token without an email (Bearer) still names its owner.
    expect((await t.call('GET', '/api/v2/job_statuses', undefined, { ...agent, auth: `Bearer ${agent.token}` })).status).toBe(200);
  });

  it('answers unknown endpoints with 404 InvalidEndpoint', async () => {
    const r = await t.call('GET', '/api/v2/nothing_here');
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('InvalidEndpoint');
  });

  it('rejects malformed JSON with 400 and changes nothing', async () => {
    const r = await t.call('PUT', '/api/v2/account/settings', '{"settings": ');
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('InvalidRequest');
    const s = await t.call('GET', '/api/v2/account/settings');
    expect(s.body.settings.deleted_users_retention_days).toBe(30);
  });

  it('updates settings with a root key and validates fields', async () => {
    const missing = await t.call('PUT', '/api/v2/account/settings', { spam_retention_days: 5 });
    expect(missing.status).toBe(400);
    const bad = await t.call('PUT', '/api/v2/account/settings', { settings: { spam_retention_days: 'x' } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.details)).toEqual(['spam_retention_days']);
    const ok = await t.call('PUT', '/api/v2/account/settings', { settings: { spam_retention_days: 5 } });
    expect(ok.status).toBe(200);
    expect(ok.body.settings.spam_retention_days).toBe(5);
    const agent = await t.staff('agent');
    const denied = await t.call('PUT', '/api/v2/account/settings', { settings: { spam_retention_days: 6 } }, agent);
    expect(denied.status).toBe(403);
  });

  it('lists the audit log for admins only, without personal data', async () => {
    await t.call('PUT', '/api/v2/account/settings', { settings: { spam_retention_days: 7 } });
    const r = await t.call('GET', '/api/v2/audit_logs');
    expect(r.status).toBe(200);
    expect(r.body.audit_logs[0].action).toBe('settings.updated');
    expect(JSON.stringify(r.body)).not.toContain('@');
    const agent = await t.staff('agent');
    expect((await t.call('GET', '/api/v2/audit_logs', undefined, agent)).status).toBe(403);
  });

  it('filters the audit log by its subject, and refuses a malformed id filter', async () => {
    const a = await t.contact();
    const b = await t.contact();
    await t.call('PUT', `/api/v2/users/${a}`, { user: { suspended: true } });
    await t.call('PUT', `/api/v2/users/${b}`, { user: { suspended: true } });
    const r = await t.call('GET', `/api/v2/audit_logs?filter[source_type]=user&filter[source_id]=${a}`);
    expect(r.status).toBe(200);
    expect(r.body.audit_logs.length).toBeGreaterThan(0);
    expect(r.body.audit_logs.every((e: { source_id: number }) => e.source_id === a)).toBe(true);
    expect(r.body.audit_logs.map((e: { action: string }) => e.action)).toContain('user.suspended');
    expect((await t.call('GET', '/api/v2/audit_logs?filter[source_id]=abc')).status).toBe(400);
  });
});

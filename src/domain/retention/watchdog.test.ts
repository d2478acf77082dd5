import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { runSweeps } from '../../jobs/sweeps.ts';
import { registerRetentionRule, retentionRules } from './rules.ts';
import { runRetentionWatchdog } from './run-retention-watchdog.ts';

// The retention watchdog (docs/reports.md): a sweep that did not run leaves items overdue;
// the watchdog flags them in the audit log and on GET /reports/retention; the sweep clears them.

/** What the test's registered rule reports (empty outside its own test: the registry outlives a test). */
let planted: number[] = [];

describeEachDb('retention watchdog', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const overdueEvents = () => t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'retention.overdue').orderBy('id').execute();
  const retention = async () => {
    const r = await t.call('GET', '/api/v2/reports/retention');
    expect(r.status).toBe(200);
    return r.body.retention;
  };

  it('flags a deleted ticket and a deleted contact the sweep left past retention and grace; the sweep clears them', async () => {
    const user = await t.contact({ name: 'Ada', email: 'ada@example.test' });
    const ticket = (await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'x', comment: { body: 'y' }, requester_id: await t.contact({ name: 'Bo', email: 'bo@example.test' }) } })).body.ticket.id;
    expect((await t.call('DELETE', `/api/v2/tickets/${ticket}`)).status).toBe(204);
    expect((await t.call('DELETE', `/api/v2/users/${user}`)).status).toBe(200);

    // Due (30 days) but inside the grace period: not overdue.
    t.clock.advanceDays(30);
    t.clock.advance(3600_000);
    expect((await runRetentionWatchdog(t.ctx)).overdue).toBe(0);
    expect(await overdueEvents()).toEqual([]);

    // The sweep "stopped": a day and more later, the watchdog alone sees both.
    t.clock.advanceDays(1);
    const report = await runRetentionWatchdog(t.ctx);
    const by = Object.fromEntries(report.rules.map((r) => [r.rule, r]));
    expect(by.deleted_tickets).toMatchObject({ overdue: 1, ids: [ticket] });
    expect(by.deleted_users).toMatchObject({ overdue: 1, ids: [user] });
    expect(report.rules.filter((r) => !['deleted_tickets', 'deleted_users'].includes(r.rule)).filter((r) => r.overdue > 0)).toEqual([]);
    const events = await overdueEvents();
    expect(events.map((e) => [e.subject_type, JSON.parse(e.details).rule, JSON.parse(e.details).ids])).toEqual([
      ['retention_rule', 'deleted_users', [user]],
      ['retention_rule', 'deleted_tickets', [ticket]],
    ]);
    const shown = await retention();
    expect(shown).toMatchObject({ overdue: 2, grace_hours: 24 });
    expect(JSON.stringify(shown)).not.toMatch(/ada|Ada/);

    // The sweep runs: nothing is overdue afterwards, and the page says so.
    const swept = await runSweeps(t.ctx, { dryRun: false });
    expect(swept.lines.join('\n')).toContain(`erased deleted ticket ${ticket}`);
    expect(swept.overdue).toBeUndefined();
    expect((await retention()).overdue).toBe(0);
    expect((await overdueEvents()).length).toBe(2);
  });

  it('runs after a sweep that threw, and reports what that sweep left', async () => {
    const ticket = (await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'x', comment: { body: 'y' }, requester_id: await t.contact({ name: 'Bo', email: 'bo@example.test' }) } })).body.ticket.id;
    expect((await t.call('DELETE', `/api/v2/tickets/${ticket}`)).status).toBe(204);
    t.clock.advanceDays(32);
    // The sweep's first step fails (its erasure-map check cannot read the catalog).
    const catalog = { ...t.ctx.caps.catalog, foreignKeys: () => Promise.reject(new Error('catalog gone')) };
    const broken = { ...t.ctx, caps: { ...t.ctx.caps, catalog } };
    await expect(runSweeps(broken, { dryRun: false })).rejects.toThrow('catalog gone');
    expect((await overdueEvents()).map((e) => JSON.parse(e.details).rule)).toEqual(['deleted_tickets']);
  });

  it('flags webhook invocations the 7-day sweep left, and the sweep clears them', async () => {
    const hook = await t.call('POST', '/api/v2/webhooks', { webhook: { name: 'CRM', endpoint: 'https://crm.example.com/hook', status: 'active', subscriptions: ['zen:event-type:ticket.created'] } });
    expect(hook.status).toBe(201);
    await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'x', comment: { body: 'y' }, requester_id: await t.contact({ name: 'Bo', email: 'bo@example.test' }) } });
    const queued = await t.store.db.selectFrom('webhook_invocations').select('id').execute();
    expect(queued.length).toBe(1);
    // Seven days and less than the grace later: not overdue; a day and more after: overdue.
    t.clock.advanceDays(7);
    t.clock.advance(3600_000);
    expect((await runRetentionWatchdog(t.ctx)).rules.find((r) => r.rule === 'webhook_invocations')).toMatchObject({ overdue: 0 });
    t.clock.advanceDays(1);
    expect((await runRetentionWatchdog(t.ctx)).rules.find((r) => r.rule === 'webhook_invocations')).toMatchObject({ overdue: 1, ids: [queued[0]!.id] });
    await runSweeps(t.ctx, { dryRun: false });
    expect((await retention()).rules.find((r: { rule: string }) => r.rule === 'webhook_invocations')).toMatchObject({ overdue: 0 });
  });

  it('checks a registered rule like a built-in one, and refuses a second rule of the same name', async () => {
    // The registry is per process; the second database's run finds the rule registered.
    if (!retentionRules().some((r) => r.name === 'test_store')) registerRetentionRule({ name: 'test_store', label: 'A test store', check: async () => ({ dueBefore: null, ids: planted }) });
    planted = [7];
    expect(() => registerRetentionRule({ name: 'test_store', label: 'again', check: async () => ({ dueBefore: null, ids: [] }) })).toThrow(/already registered/);
    expect(retentionRules().map((r) => r.name)).toContain('test_store');
    const shown = await retention();
    expect(shown.rules.find((r: { rule: string }) => r.rule === 'test_store')).toMatchObject({ overdue: 1, ids: [7] });
    planted = [];
  });
});

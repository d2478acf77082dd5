import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { insertChatRecord } from '../../../test/factories/chats.ts';
import { runSweeps } from '../../jobs/sweeps.ts';

// Chat retention (docs/chat.md): off by default; with chat_retention_days = N, the sweep
// deletes chats started more than N days ago, with their visitor when it was the last chat.

describeEachDb('chat retention', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });
  const ids = async () => (await t.store.db.selectFrom('chats').select('id').orderBy('id').execute()).map((r) => r.id);
  const visitors = async () => (await t.store.db.selectFrom('visitors').select('id').orderBy('id').execute()).map((r) => r.id);

  it('is off by default, and deletes chats older than N days once set', async () => {
    expect((await t.call('GET', '/api/v2/account/settings')).body.settings.chat_retention_days).toBeNull();
    const old = await insertChatRecord(t, { messages: ['old chat'] });
    const oldSecond = await insertChatRecord(t, { visitorId: old.visitorId, messages: ['old too'] });
    const lone = await insertChatRecord(t, { messages: ['lone old chat'] });
    t.clock.advanceDays(3);
    const recent = await insertChatRecord(t, { visitorId: old.visitorId, messages: ['recent'] });
    t.clock.advanceDays(10 + 1 - 3);
    // Off: nothing goes, however old.
    await runSweeps(t.ctx, { dryRun: false });
    expect(await ids()).toEqual([old.chatId, oldSecond.chatId, lone.chatId, recent.chatId]);

    expect((await t.call('PUT', '/api/v2/account/settings', { settings: { chat_retention_days: 0 } })).status).toBe(422);
    const agent = await t.staff('agent', { can_delete_tickets: true });
    expect((await t.call('PUT', '/api/v2/account/settings', { settings: { chat_retention_days: 10 } }, agent)).status).toBe(403);
    expect((await t.call('PUT', '/api/v2/account/settings', { settings: { chat_retention_days: 'ten' } })).status).toBe(422);
    // The web app's text box: digits as text are the number.
    expect((await t.call('PUT', '/api/v2/account/settings', { settings: { chat_retention_days: '10' } })).body.settings.chat_retention_days).toBe(10);
    const dry = await runSweeps(t.ctx, { dryRun: true });
    expect(dry.lines.join('\n')).toContain('would delete 3 chats older than 10 days');
    expect(await ids()).toHaveLength(4);
    const r = await runSweeps(t.ctx, { dryRun: false });
    expect(r.lines.join('\n')).toContain(`deleted 3 chats older than 10 days: ${old.chatId}, ${oldSecond.chatId}, ${lone.chatId} (visitors 1)`);
    // The recent chat (8 days old) stays, and so does its visitor; the lone chat's visitor went.
    expect(await ids()).toEqual([recent.chatId]);
    expect(await visitors()).toEqual([old.visitorId]);
    const events = await t.store.db.selectFrom('audit_events').select(['action', 'details']).where('action', '=', 'chat.deleted').execute();
    expect(events.every((e) => JSON.parse(e.details).why === 'retention')).toBe(true);
    t.clock.advanceDays(3);
    await runSweeps(t.ctx, { dryRun: false });
    expect(await ids()).toEqual([]);
    expect(await visitors()).toEqual([]);
  });
});

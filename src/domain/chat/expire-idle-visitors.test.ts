import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { insertChatRecord } from '../../../test/factories/chats.ts';
import { runSweeps } from '../../jobs/sweeps.ts';

// Visitors who never chat are not kept (docs/chat.md): after 30 days unseen, a visitor with
// no chat goes with its sessions and pages; a session no chat belongs to goes with its pages.

describeEachDb('idle visitors', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });
  const db = () => t.store.db;
  const now = () => t.clock.now().toISOString();
  /** A greeting that came to nothing: a visitor (or a new visit of one), its session and a page. */
  async function greet(visitorId?: number): Promise<{ visitorId: number; sessionId: number }> {
    const at = now();
    const vid = visitorId ?? (await db().insertInto('visitors').values({ user_id: null, name: null, email: null, phone: null, notes: null, token_hash: `idle${Math.random()}`, created_at: at, updated_at: at, last_seen_at: at }).returning('id').executeTakeFirstOrThrow()).id;
    if (visitorId) await db().updateTable('visitors').set({ last_seen_at: at }).where('id', '=', vid).execute();
    const sid = (await db().insertInto('visitor_sessions').values({ visitor_id: vid, ip: '198.51.100.9', user_agent: 'Mozilla/5.0 Idle', started_at: at, last_seen_at: at }).returning('id').executeTakeFirstOrThrow()).id;
    await db().insertInto('visitor_pages').values({ session_id: sid, url: 'https://shop.example/pricing', title: 'Pricing', visited_at: at }).execute();
    return { visitorId: vid, sessionId: sid };
  }
  const visitors = async () => (await db().selectFrom('visitors').select('id').orderBy('id').execute()).map((r) => r.id);
  const sessions = async () => (await db().selectFrom('visitor_sessions').select('id').orderBy('id').execute()).map((r) => r.id);
  const pages = async () => (await db().selectFrom('visitor_pages').select('session_id').orderBy('id').execute()).map((r) => r.session_id);

  it('deletes visitors and visits without a chat after 30 days, keeps chats and what is younger', async () => {
    const idle = await greet();
    const chatter = await insertChatRecord(t, { pages: ['https://shop.example/help'] });
    const chatterIdleVisit = await greet(chatter.visitorId);
    t.clock.advanceDays(2);
    const younger = await greet();
    const youngerVisit = await greet(chatter.visitorId);

    // 29 days on: nothing is due yet (the negative control).
    t.clock.advanceDays(29 - 2);
    await runSweeps(t.ctx, { dryRun: false });
    expect(await visitors()).toEqual([idle.visitorId, chatter.visitorId, younger.visitorId]);
    expect(await sessions()).toHaveLength(5);

    // 31 days on: the idle visitor and the chatter's visit without a chat are due.
    t.clock.advanceDays(2);
    const dry = await runSweeps(t.ctx, { dryRun: true });
    expect(dry.lines.join('\n')).toContain('would delete 1 visitors without a chat and 2 visits without a chat, unseen for 30 days');
    expect(await sessions()).toHaveLength(5);
    const r = await runSweeps(t.ctx, { dryRun: false });
    expect(r.lines.join('\n')).toContain('deleted 1 visitors without a chat and 2 visits without a chat, unseen for 30 days (pages 2)');
    // No personal data in the report: counts and fixed words only.
    expect(r.lines.join('\n')).not.toMatch(/198\.51|Mozilla|shop\.example/);
    expect(await visitors()).toEqual([chatter.visitorId, younger.visitorId]);
    // The chat's own session stays with its pages, whatever its age.
    expect(await sessions()).toEqual([chatter.sessionId, younger.sessionId, youngerVisit.sessionId]);
    expect(await pages()).toEqual([chatter.sessionId, younger.sessionId, youngerVisit.sessionId]);
    expect(await sessions()).not.toContain(chatterIdleVisit.sessionId);
    expect((await db().selectFrom('chats').select('id').execute()).map((c) => c.id)).toEqual([chatter.chatId]);

    // A visitor who starts a chat is kept from then on, however long unseen.
    await insertChatRecord(t, { visitorId: younger.visitorId, sessionId: younger.sessionId });
    t.clock.advanceDays(31);
    await runSweeps(t.ctx, { dryRun: false });
    expect(await visitors()).toEqual([chatter.visitorId, younger.visitorId]);
    expect(await sessions()).toEqual([chatter.sessionId, younger.sessionId]);
  });

  it('walks more than one batch', async () => {
    for (let i = 0; i < 105; i++) await greet();
    t.clock.advanceDays(31);
    const r = await runSweeps(t.ctx, { dryRun: false });
    expect(r.lines.join('\n')).toContain('deleted 105 visitors without a chat and 105 visits without a chat');
    expect(await visitors()).toEqual([]);
    expect(await pages()).toEqual([]);
  });
});

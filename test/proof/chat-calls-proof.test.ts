import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { startRemote, wav, type Remote } from '../calls/audio.ts';
import { dbKinds, type DbKind } from '../db.ts';
import { insertChatRecord } from '../factories/chats.ts';
import { runRecordingFetchesOnce } from '../../src/domain/calls/fetch-recordings.ts';
import { hitsUnder } from './mail-plant.ts';
import { newMarker } from './plant.ts';
import { eraseByRequest } from './erase-by-request.ts';
import { markerInAnyColumn } from './scan-columns.ts';

// Erasure you can prove for chat and calls (docs/erasure-proof.md): ONE unique marker is
// planted in a message of her linked visitor's chat, a chat file's bytes and name, the
// visitor's notes, the session's IP and user agent, a page URL, the audio of a recording on
// her own ticket (a WAV LIST chunk) and the transcript of a call on another person's ticket
// that names her. She is soft-deleted, then an erasure request (the marker a term, every match
// confirmed, executed) leaves it in no byte of any SQLite file and no column of any table.
// Bob's chat names her too. Negative control: the agent rejects the chat and call matches,
// and the marker stays in Bob's chat, her recording's bytes and Bob's call's transcript (her
// linked visitor is erased with her in any case).

interface Plant {
  userId: number;
  chatId: number;
  bobChatId: number;
  herTicketId: number;
  bobTicketId: number;
}

async function plant(t: TestApp, remote: Remote, m: string): Promise<Plant> {
  const userId = await t.contact({ name: 'Anna Marker', email: 'anna.marker@example.test', phone: '+14155550111' });
  const bob = await t.contact({ name: 'Bob Keeps', email: 'bob@keeps.test' });
  const chat = await insertChatRecord(t, { userId, visitor: { name: 'Anna', notes: `regular, ${m}` }, messages: [`Hi, I am ${m}`], files: [{ name: `${m}.txt`, bytes: `order of ${m}` }], pages: [`https://shop.test/p?ref=${m}`] });
  // Bob's own chat that names her: not hers, so rejecting its match keeps it (the negative control for chats).
  const bobChat = await insertChatRecord(t, { visitor: { name: 'Bob' }, messages: [`My friend ${m} sent me`] });
  await t.store.db.updateTable('visitor_sessions').set({ ip: `198.51.100.9 ${m}`, user_agent: `Mozilla/5.0 ${m}` }).where('id', '=', chat.sessionId).execute();
  const voice = async (requester_id: number, extra: Record<string, unknown>) => {
    const r = await t.call('POST', '/api/v2/channels/voice/tickets', {
      ticket: { via_id: 45, requester_id, voice_comment: { from: '+14155550100', to: '+442079460958', started_at: '2026-11-22T09:58:00Z', call_duration: 30, ...extra } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.ticket.id as number;
  };
  const herTicketId = await voice(userId, { recording_url: remote.url('/rec.wav') });
  const bobTicketId = await voice(bob, { transcription_text: `Bob says ${m} called earlier.` });
  expect(await runRecordingFetchesOnce(t.ctx, { allowPrivate: true })).toMatchObject({ stored: 1 });
  expect((await t.call('DELETE', `/api/v2/users/${userId}`)).status).toBe(200);
  return { userId, chatId: chat.chatId, bobChatId: bobChat.chatId, herTicketId, bobTicketId };
}

const PLANTED = ['chat_messages.body', 'chat_attachments.data', 'chat_attachments.file_name', 'visitors.notes', 'visitor_sessions.ip', 'visitor_sessions.user_agent', 'visitor_pages.url', 'call_recordings.data', 'calls.transcription'];

for (const kind of dbKinds) proofFor(kind);

function proofFor(kind: DbKind) {
  describe(`an erasure request reaches chats and calls, to the byte [${kind}]`, () => {
    let t: TestApp;
    let remote: Remote;
    let m: string;
    beforeEach(async () => {
      t = await createTestApp(kind);
      if (kind === 'sqlite') await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
      m = newMarker();
      const audio = wav(800, m);
      remote = await startRemote({ '/rec.wav': () => ({ body: audio }) });
    });
    afterEach(async () => {
      await remote.close();
      await t.close();
    });

    const columns = () => markerInAnyColumn(t.store.db, kind === 'postgres' ? t.store.pgSchema! : null, m);
    // Only the product checkpoints (SQLite's automatic checkpoint is off): the log is scanned as it is.
    const files = async () => (kind === 'sqlite' ? hitsUnder(t.store.dataDir, m) : []);

    it('leaves the marker in no file and no column once every match is confirmed', async () => {
      const p = await plant(t, remote, m);
      expect(await columns()).toEqual(expect.arrayContaining(PLANTED));
      if (kind === 'sqlite') expect((await files()).map((h) => h.file)).toEqual(expect.arrayContaining([expect.stringMatching(/^oubli\.db/)]));
      const r = await eraseByRequest(t, p.userId, m, () => false);
      expect(r.matches.filter((x: any) => x.location === 'call' && x.ticket_id === p.herTicketId && x.field === 'recording')).toHaveLength(1);
      expect(r.matches.filter((x: any) => x.location === 'call' && x.ticket_id === p.bobTicketId)).toHaveLength(1);
      expect(r.matches.filter((x: any) => x.location === 'chat' && x.chat_id === p.chatId).map((x: any) => x.field).sort()).toEqual(['files', 'linked_visitor', 'messages', 'visitor']);
      expect(r.matches.filter((x: any) => x.location === 'chat' && x.chat_id === p.bobChatId).map((x: any) => x.field)).toEqual(['messages']);
      expect(r.status, JSON.stringify(r.certificate?.verification)).toBe('completed');
      expect(r.certificate.verification.passed).toBe(true);
      expect(await columns()).toEqual([]);
      expect(await files()).toEqual([]);
    });

    it('finds the marker afterwards when the agent rejects the chat and call matches', async () => {
      const p = await plant(t, remote, m);
      const r = await eraseByRequest(t, p.userId, m, (x) => x.location === 'chat' || x.location === 'call');
      expect(r.certificate.verification.search_before_erasure.hits_in_rejected).toBe(6);
      // Her linked visitor goes with her whatever the decision (docs/chat.md); Bob's chat, her recording and Bob's call stay.
      expect((await columns()).sort()).toEqual(['call_recordings.data', 'calls.transcription', 'chat_messages.body']);
      if (kind === 'sqlite') expect((await files()).length).toBeGreaterThan(0);
    });

    it('counts her recording as kept when only its match is rejected: its bytes stay (the 7-day purge)', async () => {
      const p = await plant(t, remote, m);
      const r = await eraseByRequest(t, p.userId, m, (x) => x.field === 'recording');
      expect(r.status).toBe('completed');
      expect(r.certificate.verification.search_before_erasure).toMatchObject({ hits_outside_rejected: 0, hits_in_rejected: 1 });
      expect(await columns()).toEqual(['call_recordings.data']);
      if (kind === 'sqlite') expect((await files()).length).toBeGreaterThan(0);
    });

    it('proposes her recording once, also after a re-plan (a term added)', async () => {
      const p = await plant(t, remote, m);
      const opened = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: p.userId } });
      const id = opened.body.erasure_request.id as number;
      await t.drainJobs();
      expect((await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { extra_terms: [m] } })).status).toBe(200);
      await t.drainJobs();
      const r = (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request;
      expect(r.status).toBe('ready');
      const matches = (await t.call('GET', `/api/v2/erasure_requests/${id}/matches?page[size]=100`)).body.matches as any[];
      expect(matches.filter((x) => x.field === 'recording').map((x) => [x.ticket_id, x.proposed_action])).toEqual([[p.herTicketId, 'delete_recording']]);
    });
  });
}

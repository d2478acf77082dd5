import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { startRemote, wav, type Remote } from '../calls/audio.ts';
import { runRecordingFetchesOnce } from '../../src/domain/calls/fetch-recordings.ts';
import { runSweeps } from '../../src/jobs/sweeps.ts';
import { hitsOnDisk, newMarker } from './plant.ts';

// Call recordings leave the SQLite files (docs/calls.md, docs/erasure-proof.md): a marker
// planted inside the audio (a WAV LIST chunk) and another in the transcript and location.
// Deleting a recording removes the audio marker from every byte at once; erasing the ticket
// removes the text at once and leaves the audio in its unreachable row until the purge, 7
// days later (the 6-day control finds it still on disk). Only the product checkpoints.

describe('call recordings leave the database files [sqlite]', () => {
  let t: TestApp;
  let remote: Remote;
  let audioMark: string;
  let textMark: string;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
    audioMark = newMarker();
    textMark = newMarker();
    const audio = wav(800, audioMark);
    remote = await startRemote({ '/rec.wav': () => ({ body: audio }) });
    await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
  });
  afterEach(async () => {
    await remote.close();
    await t.close();
  });

  async function plant(): Promise<{ ticketId: number; callId: number }> {
    const r = await t.call('POST', '/api/v2/channels/voice/tickets', {
      ticket: {
        via_id: 45,
        voice_comment: { from: '+14155550100', to: '+442079460958', started_at: '2026-11-22T09:58:00Z', call_duration: 30, transcription_text: `My name is ${textMark}.`, location: `${textMark} town`, recording_url: remote.url('/rec.wav') },
      },
    });
    expect(r.status).toBe(201);
    expect(await runRecordingFetchesOnce(t.ctx, { allowPrivate: true })).toMatchObject({ stored: 1 });
    expect(hitsOnDisk(t.store.dataDir, audioMark).length).toBeGreaterThan(0);
    expect(hitsOnDisk(t.store.dataDir, textMark).length).toBeGreaterThan(0);
    return { ticketId: r.body.ticket.id, callId: r.body.call_id };
  }

  it('deleting a recording removes its bytes and the transcript from every file at once', async () => {
    const p = await plant();
    expect((await t.call('DELETE', `/api/v2/channels/voice/calls/${p.callId}/recordings`)).status).toBe(204);
    expect(hitsOnDisk(t.store.dataDir, audioMark)).toEqual([]);
    // The transcript is gone; the location stays until the ticket's erasure (it is not the recording).
    const row = await t.store.db.selectFrom('calls').select(['transcription', 'location']).where('id', '=', p.callId).executeTakeFirstOrThrow();
    expect(row.transcription).toBeNull();
    expect(row.location).toBe(`${textMark} town`);
  });

  it('after a ticket’s erasure: the text at once, the audio 7 days later (still there at 6)', async () => {
    const p = await plant();
    expect((await t.call('DELETE', `/api/v2/tickets/${p.ticketId}`)).status).toBe(204);
    expect((await t.call('DELETE', `/api/v2/deleted_tickets/${p.ticketId}`)).status).toBe(200);
    await t.drainJobs();
    expect(hitsOnDisk(t.store.dataDir, textMark)).toEqual([]);
    expect((await t.call('GET', `/api/v2/channels/voice/calls/${p.callId}/recordings/call`)).status).toBe(404);

    t.clock.advanceDays(6);
    await runSweeps(t.ctx, { dryRun: false });
    const still = await t.store.db.selectFrom('call_recordings').select(['data', 'deleted_at']).where('call_id', '=', p.callId).executeTakeFirstOrThrow();
    expect(Buffer.from(still.data).includes(Buffer.from(audioMark))).toBe(true);
    expect(hitsOnDisk(t.store.dataDir, audioMark).length).toBeGreaterThan(0);

    t.clock.advanceDays(2);
    const r = await runSweeps(t.ctx, { dryRun: false });
    expect(r.lines.some((l) => l.startsWith('purged 1 call_recordings'))).toBe(true);
    expect(hitsOnDisk(t.store.dataDir, audioMark)).toEqual([]);
  });
});

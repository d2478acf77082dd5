import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { wav } from '../../../test/calls/audio.ts';
import { runSweeps } from '../../jobs/sweeps.ts';

// Deleting recordings (docs/calls.md "Deleting recordings"): by hand, by a line's retention,
// and after a ticket's erasure (unreachable at once, bytes purged 7 days later), on both databases.

describeEachDb('call recordings deletion', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const voice = (extra: Record<string, unknown> = {}) => ({ from: '+14155550100', to: '+442079460958', started_at: '2026-11-22T09:58:00Z', call_duration: 65, transcription_text: 'Please call me back.', ...extra });

  async function call(opts: { kind?: 'call' | 'voicemail'; lineId?: number } = {}) {
    const up = await t.app.inject({ method: 'POST', url: '/api/v2/uploads?filename=a.wav', headers: { authorization: t.owner.auth, 'content-type': 'audio/wav' }, payload: wav(300) });
    const token = JSON.parse(up.body).upload.token;
    const r = await t.call('POST', '/api/v2/channels/voice/tickets', {
      ticket: { via_id: opts.kind === 'voicemail' ? 44 : 45, ...(opts.lineId ? { phone_number_id: opts.lineId } : {}), voice_comment: voice({ recording_upload: token }) },
    });
    expect(r.status).toBe(201);
    const rec = await t.store.db.selectFrom('call_recordings').select(['id', 'kind']).where('call_id', '=', r.body.call_id).executeTakeFirstOrThrow();
    return { ticketId: r.body.ticket.id as number, callId: r.body.call_id as number, recordingId: rec.id };
  }
  const recordings = (callId: number) => t.store.db.selectFrom('call_recordings').select(['id', 'deleted_at', 'source_url', 'size']).where('call_id', '=', callId).execute();
  const row = (callId: number) => t.store.db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirstOrThrow();
  const audio = (callId: number, k = 'call') => t.call('GET', `/api/v2/channels/voice/calls/${callId}/recordings/${k}`);

  it('deletes the bytes, the transcript and the URL at once, for those allowed, with an audit event of ids', async () => {
    const c = await call();
    const agent = await t.staff('agent');
    const deleter = await t.staff('agent', { can_delete_tickets: true });
    const refused = await t.call('DELETE', `/api/v2/channels/voice/calls/${c.callId}/recordings`, undefined, agent);
    expect(refused.status).toBe(403);
    expect(await recordings(c.callId)).toHaveLength(1);
    expect((await row(c.callId)).transcription).toBe('Please call me back.');

    expect((await t.call('DELETE', `/api/v2/channels/voice/calls/${c.callId}/recordings/voicemail`, undefined, deleter)).status).toBe(204);
    // The transcript went with the voicemail request (it is the call's words); the call recording stays.
    expect(await recordings(c.callId)).toHaveLength(1);
    expect((await row(c.callId)).transcription).toBeNull();
    expect((await t.call('DELETE', `/api/v2/channels/voice/calls/${c.callId}/recordings/voicemail`, undefined, deleter)).status).toBe(404);

    expect((await t.call('DELETE', `/api/v2/channels/voice/calls/${c.callId}/recordings`, undefined, deleter)).status).toBe(204);
    expect(await recordings(c.callId)).toEqual([]);
    expect((await audio(c.callId)).status).toBe(404);
    const comment = (await t.call('GET', `/api/v2/tickets/${c.ticketId}/comments`)).body.comments[0];
    expect(comment.type).toBe('VoiceComment');
    expect(comment.data).toMatchObject({ recording_url: null, transcription_text: null, recording_ids: [] });
    expect((await t.call('DELETE', `/api/v2/channels/voice/calls/${c.callId}/recordings`, undefined, deleter)).status).toBe(404);

    const events = await t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'call.recording_deleted').orderBy('id').execute();
    expect(events).toHaveLength(2);
    expect(events[1]!.actor_id).toBe(deleter.id);
    expect(JSON.parse(events[1]!.details)).toEqual({ ticket_id: c.ticketId, recording_ids: [c.recordingId], kind: 'all', transcript: false, fetches_cancelled: 0 });
    expect(JSON.stringify(events)).not.toMatch(/call me back|415/);
  });

  it('deletes one recording of a ticket by id; a wrong ticket, a bad id or an unknown one is 404', async () => {
    const a = await call();
    const b = await call({ kind: 'voicemail' });
    expect((await t.call('DELETE', `/api/v2/tickets/${b.ticketId}/recordings/${a.recordingId}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/tickets/${a.ticketId}/recordings/abc`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/tickets/${a.ticketId}/recordings/999999`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/channels/voice/calls/${a.callId}/recordings/other`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/channels/voice/calls/0/recordings`)).status).toBe(404);
    expect(await recordings(a.callId)).toHaveLength(1);
    expect((await audio(b.callId, 'voicemail')).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/tickets/${b.ticketId}/recordings/${b.recordingId}`)).status).toBe(204);
    expect(await recordings(b.callId)).toEqual([]);
    expect(await recordings(a.callId)).toHaveLength(1);
  });

  it('makes an erased ticket’s recordings unreachable at once and purges their bytes after 7 days', async () => {
    const c = await call();
    const kept = await call();
    expect((await t.call('DELETE', `/api/v2/tickets/${c.ticketId}`)).status).toBe(204);
    expect((await audio(c.callId)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/deleted_tickets/${c.ticketId}`)).status).toBe(200);
    await t.drainJobs();
    const [tomb] = await recordings(c.callId);
    expect(tomb!.deleted_at).not.toBeNull();
    expect(tomb!.source_url).toBeNull();
    expect((await row(c.callId)).transcription).toBeNull();
    expect((await t.call('GET', `/api/v2/channels/voice/calls/${c.callId}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/channels/voice/calls/${c.callId}/recordings`)).status).toBe(404);

    // Negative control: 6 days on, the bytes are still in the row (unreachable through the API).
    t.clock.advanceDays(6);
    const six = await runSweeps(t.ctx, { dryRun: false });
    expect(six.lines.filter((l) => l.includes('call_recordings'))).toEqual([]);
    expect(await recordings(c.callId)).toHaveLength(1);
    t.clock.advanceDays(2);
    const eight = await runSweeps(t.ctx, { dryRun: false });
    expect(eight.lines).toContain(`purged 1 call_recordings erased more than 7 days ago: ${c.recordingId}`);
    expect(await recordings(c.callId)).toEqual([]);
    // Another ticket's recording is untouched.
    expect((await audio(kept.callId)).status).toBe(200);
    // The incremental export shows the tombstone, blanked.
    const exp = await t.call('GET', `/api/v2/channels/voice/stats/incremental/calls?start_time=${Math.floor(Date.parse('2026-11-01T00:00:00Z') / 1000)}`);
    const tombCall = exp.body.calls.find((x: { id: number }) => x.id === c.callId);
    expect(tombCall).toMatchObject({ erased: true, from: null, to: null, transcription_text: null, location: null, recordings: [] });
  });

  it('deletes a line’s recordings older than its retention, existing ones included, and keeps the rest', async () => {
    const line = (await t.call('POST', '/api/v2/phone_lines', { phone_number: { number: '+442079460958', recording_retention_days: 30 } })).body.phone_number.id;
    const other = (await t.call('POST', '/api/v2/phone_lines', { phone_number: { number: '+442079460959' } })).body.phone_number.id;
    const old = await call({ lineId: line });
    const none = await call({ lineId: other });
    t.clock.advanceDays(12);
    const recent = await call({ lineId: line });
    // 12 days on: under 30, nothing goes (dry run says the same).
    expect((await runSweeps(t.ctx, { dryRun: true })).lines.filter((l) => l.includes('phone line'))).toEqual([]);
    // Shortened to 10 days: the existing 12-day-old recording goes at the next sweep.
    expect((await t.call('PUT', `/api/v2/phone_lines/${line}`, { phone_number: { recording_retention_days: 10 } })).status).toBe(200);
    expect((await runSweeps(t.ctx, { dryRun: true })).lines).toContain(`would delete 1 recordings of phone line ${line} older than 10 days: ${old.recordingId}`);
    expect(await recordings(old.callId)).toHaveLength(1);
    const r = await runSweeps(t.ctx, { dryRun: false });
    expect(r.lines).toContain(`deleted 1 recordings of phone line ${line} older than 10 days: ${old.recordingId}`);
    expect(await recordings(old.callId)).toEqual([]);
    expect(await recordings(recent.callId)).toHaveLength(1);
    expect(await recordings(none.callId)).toHaveLength(1);
    const ev = await t.store.db.selectFrom('audit_events').select(['details', 'actor_id']).where('action', '=', 'call.recording_expired').execute();
    expect(ev.map((e) => JSON.parse(e.details))).toEqual([{ recording_id: old.recordingId, phone_line_id: line, retention_days: 10 }]);
  });
});

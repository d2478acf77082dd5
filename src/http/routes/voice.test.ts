import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { startRemote, wav, type Remote } from '../../../test/calls/audio.ts';
import { runRecordingFetchesOnce } from '../../domain/calls/fetch-recordings.ts';

// Calls through the HTTP API (docs/calls.md): an integration's voice ticket, the recording
// fetched from a local "remote", the voice comment, the audio with Range, phone lines, the
// incremental export, and adding a call to a ticket. Deletion: calls-delete.test.ts.

describeEachDb('calls', (kind) => {
  let t: TestApp;
  let remote: Remote;
  const audio = wav(1200, 'MARKERvoice');
  beforeEach(async () => {
    t = await createTestApp(kind);
    remote = await startRemote({
      '/rec.wav': () => ({ body: audio }),
      '/page.html': () => ({ type: 'text/html', body: Buffer.from('<p>hi</p>') }),
    });
  });
  afterEach(async () => {
    await remote.close();
    await t.close();
  });

  const fetchNow = () => runRecordingFetchesOnce(t.ctx, { allowPrivate: true, timeoutMs: 2000 });
  const voice = (extra: Record<string, unknown> = {}) => ({
    from: '+1 415 555 0100',
    to: '+44 20 7946 0958',
    started_at: '2026-11-22T09:58:00Z',
    call_duration: 125,
    transcription_text: 'Hello, my router is broken.',
    location: 'San Francisco, CA',
    ...extra,
  });

  it('creates a voice ticket, finds the caller by phone, fetches and serves the recording', async () => {
    const agent = await t.staff('agent', { name: 'Ann Agent' });
    const line = await t.call('POST', '/api/v2/channels/voice/phone_numbers', { phone_number: { number: '+442079460958', nickname: 'Support UK' } });
    expect(line.status).toBe(201);
    const r = await t.call('POST', '/api/v2/channels/voice/tickets', {
      ticket: { via_id: 45, requester: { name: 'Carla Caller', phone: '+14155550100' }, voice_comment: voice({ recording_url: remote.url('/rec.wav'), answered_by_id: agent.id }) },
    });
    expect(r.status).toBe(201);
    const ticket = r.body.ticket;
    expect(ticket.via.channel).toBe('voice');
    expect(ticket.subject).toBe('Call from +14155550100');
    const requester = (await t.call('GET', `/api/v2/users/${ticket.requester_id}`)).body.user;
    expect(requester.name).toBe('Carla Caller');
    expect(requester.phone).toBe('+14155550100');

    // Not fetched yet: the comment says pending, the audio is 404.
    let comments = (await t.call('GET', `/api/v2/tickets/${ticket.id}/comments`)).body.comments;
    expect(comments[0].type).toBe('VoiceComment');
    expect(comments[0].body).toBe('Inbound call from +14155550100 to +442079460958, 2:05, answered by Ann Agent.');
    expect(comments[0].public).toBe(false);
    expect(comments[0].data).toMatchObject({ recording_url: null, recording_pending: true, from: '+14155550100', to: '+442079460958', call_duration: 125, answered_by_id: agent.id, transcription_text: 'Hello, my router is broken.', location: 'San Francisco, CA' });
    const callId = comments[0].data.call_id;
    expect((await t.call('GET', `/api/v2/channels/voice/calls/${callId}/recordings/call`)).status).toBe(404);

    expect(await fetchNow()).toEqual({ stored: 1, retried: 0, failed: 0 });
    expect(remote.hits).toEqual(['/rec.wav']);
    comments = (await t.call('GET', `/api/v2/tickets/${ticket.id}/comments`)).body.comments;
    expect(comments[0].data.recording_url).toBe(`http://localhost:80/api/v2/channels/voice/calls/${callId}/recordings/call`);
    expect(comments[0].data.recording_pending).toBe(false);

    const whole = await t.app.inject({ method: 'GET', url: `/api/v2/channels/voice/calls/${callId}/recordings/call`, headers: { authorization: agent.auth } });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.equals(audio)).toBe(true);
    const part = await t.app.inject({ method: 'GET', url: `/api/v2/channels/voice/calls/${callId}/recordings/call`, headers: { authorization: agent.auth, range: 'bytes=10-19' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${audio.length}`);
    expect(part.rawPayload.equals(audio.subarray(10, 20))).toBe(true);
    const tail = await t.app.inject({ method: 'GET', url: `/api/v2/channels/voice/calls/${callId}/recordings/call`, headers: { authorization: agent.auth, range: 'bytes=-4' } });
    expect(tail.rawPayload.equals(audio.subarray(audio.length - 4))).toBe(true);
    const bad = await t.app.inject({ method: 'GET', url: `/api/v2/channels/voice/calls/${callId}/recordings/call`, headers: { authorization: agent.auth, range: `bytes=${audio.length}-` } });
    expect(bad.statusCode).toBe(416);
    expect((await t.call('GET', `/api/v2/channels/voice/calls/${callId}/recordings/voicemail`)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/channels/voice/calls/${callId}/recordings/other`)).status).toBe(404);
    // End users never reach staff audio.
    const enduser = await t.store.db.selectFrom('users').select('id').where('id', '=', ticket.requester_id).executeTakeFirstOrThrow();
    expect(enduser.id).toBe(ticket.requester_id);

    const call = await t.call('GET', `/api/v2/channels/voice/calls/${callId}`);
    expect(call.status).toBe(200);
    expect(call.body.call).toMatchObject({ id: callId, ticket_id: ticket.id, direction: 'inbound', phone_number_id: line.body.phone_number.id, phone_number: '+442079460958', agent_id: agent.id, duration: 125, erased: false });
    expect(call.body.call.recordings).toHaveLength(1);

    // The second call from the same number finds the same contact.
    const again = await t.call('POST', '/api/v2/channels/voice/tickets', { ticket: { via_id: 44, voice_comment: voice({ from: '+1 (415) 555-0100' }) } });
    expect(again.status).toBe(201);
    expect(again.body.ticket.requester_id).toBe(ticket.requester_id);
    expect(again.body.ticket.subject).toBe('Voicemail from +14155550100');

    const events = await t.store.db.selectFrom('audit_events').selectAll().where('action', 'like', 'call.%').orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['call.created', 'call.recording_stored', 'call.created']);
    expect(JSON.stringify(events)).not.toMatch(/415|router|Francisco|rec\.wav/);
  });

  it('adds a call to an existing ticket with PUT /tickets/{id} and ticket.voice_comment', async () => {
    const requester = await t.contact();
    const tk = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Help', requester_id: requester, comment: { body: 'Hi' } } });
    const r = await t.call('PUT', `/api/v2/tickets/${tk.body.ticket.id}`, { ticket: { via_id: 46, voice_comment: voice({ from: '+442079460958', to: '+14155550100' }), status: 'pending' } });
    expect(r.status).toBe(200);
    expect(r.body.ticket.status).toBe('pending');
    const comments = (await t.call('GET', `/api/v2/tickets/${tk.body.ticket.id}/comments`)).body.comments;
    expect(comments.map((c: { type: string }) => c.type)).toEqual(['Comment', 'VoiceComment']);
    expect(comments[1].data.direction).toBe('outbound');
    expect(comments[1].body).toMatch(/^Outbound call from \+442079460958 to \+14155550100, 2:05\.$/);
    // Alone, the voice comment answers with its own audit.
    const only = await t.call('PUT', `/api/v2/tickets/${tk.body.ticket.id}`, { ticket: { voice_comment: voice() } });
    expect(only.status).toBe(200);
    expect(only.body.audit.events[0].type).toBe('Comment');
    // A bad field elsewhere refuses the whole request before the call is added.
    const before = await t.store.db.selectFrom('calls').select('id').execute();
    const bad = await t.call('PUT', `/api/v2/tickets/${tk.body.ticket.id}`, { ticket: { voice_comment: voice(), status: 'nonsense' } });
    expect(bad.status).toBe(422);
    expect(await t.store.db.selectFrom('calls').select('id').execute()).toEqual(before);
  });

  it('takes the audio from an upload token instead of a URL', async () => {
    const up = await t.app.inject({ method: 'POST', url: '/api/v2/uploads?filename=call.wav', headers: { authorization: t.owner.auth, 'content-type': 'audio/wav' }, payload: audio });
    expect(up.statusCode).toBe(201);
    const token = JSON.parse(up.body).upload.token;
    const r = await t.call('POST', '/api/v2/channels/voice/tickets', { ticket: { via_id: 45, voice_comment: voice({ recording_upload: token }) } });
    expect(r.status).toBe(201);
    const c = (await t.call('GET', `/api/v2/tickets/${r.body.ticket.id}/comments`)).body.comments[0];
    const got = await t.app.inject({ method: 'GET', url: `/api/v2/channels/voice/calls/${c.data.call_id}/recordings/call`, headers: { authorization: t.owner.auth } });
    expect(got.rawPayload.equals(audio)).toBe(true);
    // The bytes live in the recording alone; the token is used up.
    expect(await t.store.db.selectFrom('attachments').select('id').where('upload_token', '=', token).execute()).toEqual([]);
    const reuse = await t.call('POST', '/api/v2/channels/voice/tickets', { ticket: { via_id: 45, voice_comment: voice({ recording_upload: token }) } });
    expect(reuse.status).toBe(422);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const count = async () => (await t.store.db.selectFrom('tickets').select('id').execute()).length;
    const n = await count();
    const cases: [unknown, number][] = [
      [undefined, 400],
      [{ ticket: 'x' }, 400],
      [{ ticket: { via_id: 47, voice_comment: voice() } }, 422],
      [{ ticket: { via_id: 45 } }, 422],
      [{ ticket: { via_id: 45, voice_comment: voice({ from: 'not a phone' }) } }, 422],
      [{ ticket: { via_id: 45, voice_comment: voice({ recording_url: 'ftp://example.com/a.wav' }) } }, 422],
      [{ ticket: { via_id: 45, voice_comment: voice({ recording_url: 'file:///etc/passwd' }) } }, 422],
      [{ ticket: { via_id: 45, voice_comment: voice({ call_duration: -1 }) } }, 422],
      [{ ticket: { via_id: 45, voice_comment: voice({ answered_by_id: 999999 }) } }, 422],
      [{ ticket: { via_id: 45, phone_number_id: 999999, voice_comment: voice() } }, 422],
      [{ ticket: { via_id: 45, voice_comment: voice({ recording_upload: 'unknowntoken' }) } }, 422],
    ];
    for (const [body, status] of cases) expect({ body, status: (await t.call('POST', '/api/v2/channels/voice/tickets', body)).status }).toEqual({ body, status });
    expect(await count()).toBe(n);
    expect((await t.call('GET', '/api/v2/channels/voice/calls/abc')).status).toBe(404);
    expect((await t.call('GET', '/api/v2/channels/voice/calls/999999')).status).toBe(404);
    expect((await t.call('GET', '/api/v2/channels/voice/stats/incremental/calls')).status).toBe(400);
    expect((await t.call('GET', '/api/v2/channels/voice/stats/incremental/calls?start_time=soon')).status).toBe(400);
    expect((await t.call('GET', '/api/v2/channels/voice/phone_numbers/0')).status).toBe(404);
    expect((await t.call('GET', '/api/v2/channels/voice/phone_numbers/12345')).status).toBe(404);
    expect((await t.call('POST', '/api/v2/channels/voice/phone_numbers', { phone_number: { number: 'x' } })).status).toBe(422);
    expect((await t.call('POST', '/api/v2/channels/voice/phone_numbers', { phone_number: { number: '+14155550199', recording_retention_days: 0 } })).status).toBe(422);
  });

  it('fetches only from public addresses unless allowed, only audio, within the size cap, and retries failures', async () => {
    const mk = async (path: string) =>
      (await t.call('POST', '/api/v2/channels/voice/tickets', { ticket: { via_id: 45, voice_comment: voice({ recording_url: remote.url(path) }) } })).body.ticket.id as number;
    await mk('/rec.wav');
    // The default: a loopback address is refused without a request being made.
    expect(await runRecordingFetchesOnce(t.ctx)).toEqual({ stored: 0, retried: 0, failed: 1 });
    expect(remote.hits).toEqual([]);
    const row = await t.store.db.selectFrom('call_recording_fetches').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ last_error: 'refused_address', attempts: 1 });
    expect(row.failed_at).not.toBeNull();
    await t.store.db.deleteFrom('call_recording_fetches').execute();

    await mk('/page.html');
    expect(await fetchNow()).toEqual({ stored: 0, retried: 0, failed: 1 });
    expect((await t.store.db.selectFrom('call_recording_fetches').select('last_error').executeTakeFirstOrThrow()).last_error).toBe('not_audio');
    await t.store.db.deleteFrom('call_recording_fetches').execute();

    await mk('/rec.wav');
    expect(await runRecordingFetchesOnce(t.ctx, { allowPrivate: true, maxBytes: 100 })).toEqual({ stored: 0, retried: 0, failed: 1 });
    await t.store.db.deleteFrom('call_recording_fetches').execute();

    // A remote that fails, then works: retried after the backoff, then stored.
    let fails = 1;
    const flaky = await startRemote({ '/flaky.wav': () => (fails-- > 0 ? { status: 503 } : { body: audio }) });
    try {
      await t.call('POST', '/api/v2/channels/voice/tickets', { ticket: { via_id: 45, voice_comment: voice({ recording_url: flaky.url('/flaky.wav') }) } });
      expect(await fetchNow()).toEqual({ stored: 0, retried: 1, failed: 0 });
      expect(await fetchNow()).toEqual({ stored: 0, retried: 0, failed: 0 });
      t.clock.advance(61_000);
      expect(await fetchNow()).toEqual({ stored: 1, retried: 0, failed: 0 });
      const stored = await t.store.db.selectFrom('call_recordings').select(['size', 'content_type']).execute();
      expect(stored).toEqual([{ size: audio.length, content_type: 'audio/wav' }]);
    } finally {
      await flaky.close();
    }

    // A slow remote is abandoned at the timeout and retried later.
    const slow = await startRemote({ '/slow.wav': () => ({ body: audio, delayMs: 1500 }) });
    try {
      await t.call('POST', '/api/v2/channels/voice/tickets', { ticket: { via_id: 45, voice_comment: voice({ recording_url: slow.url('/slow.wav') }) } });
      expect(await runRecordingFetchesOnce(t.ctx, { allowPrivate: true, timeoutMs: 200 })).toEqual({ stored: 0, retried: 1, failed: 0 });
      expect((await t.store.db.selectFrom('call_recording_fetches').select('last_error').executeTakeFirstOrThrow()).last_error).toBe('timeout');
    } finally {
      await slow.close();
    }
  });

  it('keeps phone lines: staff read them, admins change them', async () => {
    const admin = await t.staff('admin');
    const agent = await t.staff('agent', { can_delete_tickets: true });
    const created = await t.call('POST', '/api/v2/phone_lines', { phone_number: { number: '+1 415 555 0111', nickname: 'US' } }, admin);
    expect(created.status).toBe(201);
    const id = created.body.phone_number.id;
    expect(created.body.phone_number).toMatchObject({ number: '+14155550111', display_number: '+1 415 555 0111', country_code: 'US', recording_retention_days: null, nickname: 'US' });
    expect((await t.call('POST', '/api/v2/phone_lines', { phone_number: { number: '+14155550111' } }, admin)).status).toBe(422);
    expect((await t.call('POST', '/api/v2/channels/voice/phone_numbers', { phone_number: { number: '+14155550112' } }, agent)).status).toBe(403);
    expect((await t.call('PUT', `/api/v2/channels/voice/phone_numbers/${id}`, { phone_number: { recording_retention_days: 30 } }, agent)).status).toBe(403);
    expect((await t.call('GET', `/api/v2/phone_lines/${id}`, undefined, agent)).body.phone_number.recording_retention_days).toBeNull();
    const put = await t.call('PUT', `/api/v2/phone_lines/${id}`, { phone_number: { recording_retention_days: 30 } }, admin);
    expect(put.status).toBe(200);
    expect(put.body.phone_number.recording_retention_days).toBe(30);
    expect((await t.call('PUT', `/api/v2/phone_lines/999999`, { phone_number: { recording_retention_days: 30 } }, admin)).status).toBe(404);
    const list = await t.call('GET', '/api/v2/channels/voice/phone_numbers', undefined, agent);
    expect(list.body.phone_numbers.map((p: { id: number }) => p.id)).toEqual([id]);
    const ev = await t.store.db.selectFrom('audit_events').select(['action', 'details']).where('action', 'like', 'phone_line.%').execute();
    expect(ev.map((e) => e.action)).toEqual(['phone_line.created', 'phone_line.updated']);
  });

  it('puts her calls, transcripts and recording links in her right-of-access export', async () => {
    const r = await t.call('POST', '/api/v2/channels/voice/tickets', { ticket: { via_id: 45, requester: { name: 'Carla', phone: '+14155550100' }, voice_comment: voice({ recording_url: remote.url('/rec.wav') }) } });
    await fetchNow();
    const exp = await t.call('GET', `/api/v2/users/${r.body.ticket.requester_id}/export`);
    expect(exp.status).toBe(200);
    expect(exp.body.user_export.calls).toEqual([
      expect.objectContaining({ id: r.body.call_id, from: '+14155550100', transcription_text: 'Hello, my router is broken.', recordings: [expect.objectContaining({ kind: 'call', url: `/api/v2/channels/voice/calls/${r.body.call_id}/recordings/call` })] }),
    ]);
  });

  it('exports calls incrementally in the Talk shape', async () => {
    await t.call('POST', '/api/v2/channels/voice/tickets', { ticket: { via_id: 45, voice_comment: voice() } });
    t.clock.advance(5000);
    await t.call('POST', '/api/v2/channels/voice/tickets', { ticket: { via_id: 46, voice_comment: voice({ from: '+442079460958', to: '+14155550100' }) } });
    const start = Math.floor(Date.parse('2026-11-22T00:00:00Z') / 1000);
    const r = await t.call('GET', `/api/v2/channels/voice/stats/incremental/calls?start_time=${start}`);
    expect(r.status).toBe(200);
    expect(r.body.calls.map((c: { direction: string }) => c.direction)).toEqual(['inbound', 'outbound']);
    expect(r.body).toMatchObject({ count: 2, next_page: null, end_of_stream: true, end_time: Math.floor(t.clock.now().getTime() / 1000) });
    const later = await t.call('GET', `/api/v2/channels/voice/stats/incremental/calls?start_time=${r.body.end_time}`);
    expect(later.body.calls).toHaveLength(1);
    const future = await t.call('GET', `/api/v2/channels/voice/stats/incremental/calls?start_time=${r.body.end_time + 3600}`);
    expect(future.status).toBe(400);
  });
});

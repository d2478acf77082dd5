import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { ticketWith } from '../../../test/factories/tickets.ts';
import { wav } from '../../../test/calls/audio.ts';
import { allPages } from '../../../test/reads.ts';

// Calls in an erasure request (docs/calls.md): her number or words in a call's numbers or
// transcript propose deleting its recording; execution deletes it at once (not 7 days later),
// a rejected one stays, and verification counts what is left.

describeEachDb('erasure requests and calls', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());

  async function callOn(ticketId: number | null, from: string, transcript: string) {
    const up = await t.app.inject({ method: 'POST', url: '/api/v2/uploads?filename=a.wav', headers: { authorization: t.owner.auth, 'content-type': 'audio/wav' }, payload: wav(200) });
    const token = JSON.parse(up.body).upload.token;
    const voice_comment = { from, to: '+442079460958', started_at: '2026-11-22T09:58:00Z', call_duration: 30, transcription_text: transcript, recording_upload: token };
    if (ticketId === null) {
      const boris = await t.contact({ name: 'Boris Levin' });
      const r = await t.call('POST', '/api/v2/channels/voice/tickets', { ticket: { via_id: 45, requester_id: boris, voice_comment } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.call_id as number;
    }
    expect((await t.call('PUT', `/api/v2/tickets/${ticketId}`, { ticket: { voice_comment } })).status).toBe(200);
    return (await t.store.db.selectFrom('calls').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  }
  const recordings = (callId: number) => t.store.db.selectFrom('call_recordings').select('id').where('call_id', '=', callId).where('deleted_at', 'is', null).execute();

  it('finds her in calls, deletes their recordings at once on execution, keeps a rejected one', async () => {
    const anna = await t.contact({ name: 'Anna Karenina', email: 'anna.k@example.com', phone: '+14155550100' });
    const boris = await t.contact({ name: 'Boris Levin' });
    const other = await ticketWith(t, boris, 'Line trouble');
    const fromHer = await callOn(other.ticketId, '+1 415 555 0100', 'Hello, it is me.');
    const spoken = await callOn(null, '+14155550177', 'Please ask Anna Karenina to call back.');
    const namesake = await callOn(null, '+14155550178', 'Anna Karenina from accounting (not her).');
    const unrelated = await callOn(null, '+14155550179', 'Nothing about her.');

    const open = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: anna } });
    expect(open.status, JSON.stringify(open.body)).toBe(201);
    await t.drainJobs();
    const id = open.body.erasure_request.id;
    const matches = await allPages(t, `/api/v2/erasure_requests/${id}/matches`, 'matches');
    const inCalls = matches.filter((m) => m.location === 'call');
    const callOf = async (m: { source_id?: number; ticket_id: number }) => (await t.store.db.selectFrom('calls').select('id').where('ticket_id', '=', m.ticket_id).orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    expect(inCalls.every((m) => m.proposed_action === 'delete_recording' && m.decision === 'pending')).toBe(true);
    const found = new Set(await Promise.all(inCalls.map(callOf)));
    expect(found).toEqual(new Set([fromHer, spoken, namesake]));

    const namesakeTicket = (await t.store.db.selectFrom('calls').select('ticket_id').where('id', '=', namesake).executeTakeFirstOrThrow()).ticket_id;
    const reject = inCalls.filter((m) => m.ticket_id === namesakeTicket).map((m) => ({ match_id: m.id, decision: 'reject' }));
    expect((await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { decisions: reject } })).status).toBe(200);
    expect((await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { confirm_all: true } })).status).toBe(200);
    expect((await t.call('POST', `/api/v2/erasure_requests/${id}/execute`)).status).toBe(200);
    await t.drainJobs();
    const r = (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request;
    expect(r.status, JSON.stringify(r)).toBe('completed');
    // At once, not after 7 days: the rows are gone and the transcripts with them.
    expect(await recordings(fromHer)).toEqual([]);
    expect(await recordings(spoken)).toEqual([]);
    expect(await t.store.db.selectFrom('call_recordings').select('id').where('call_id', 'in', [fromHer, spoken]).execute()).toEqual([]);
    expect((await t.store.db.selectFrom('calls').select('transcription').where('id', '=', spoken).executeTakeFirstOrThrow()).transcription).toBeNull();
    expect(await recordings(namesake)).toHaveLength(1);
    expect(await recordings(unrelated)).toHaveLength(1);
    const cert = (await t.call('GET', `/api/v2/erasure_requests/${id}/certificate`)).body.certificate;
    expect(cert.verification).toMatchObject({ passed: true });
    expect(cert.verification.search_before_erasure.hits_outside_rejected).toBe(0);
  });
});

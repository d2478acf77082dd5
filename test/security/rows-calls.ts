import { wav } from '../calls/audio.ts';
import { admins, api, deleters, staff, type Row } from './roles-table.ts';
import type { World } from './world.ts';

// Calls (docs/calls.md): voice tickets, phone lines, calls, recordings and their deletion.

const voice = { from: '+14155550100', to: '+442079460958', started_at: '2026-11-22T09:58:00Z', call_duration: 65, transcription_text: 'Words.' };

/** A call with a stored recording (taken from an upload, so no fetch is needed). */
async function callWithRecording(w: World): Promise<{ ticketId: number; callId: number; recordingId: number }> {
  const up = await w.t.app.inject({ method: 'POST', url: api('/uploads?filename=call.wav'), headers: { authorization: w.t.owner.auth, 'content-type': 'audio/wav' }, payload: wav(200) });
  const token = JSON.parse(up.body).upload.token;
  const r = await w.must('POST', api('/channels/voice/tickets'), { ticket: { via_id: 45, voice_comment: { ...voice, recording_upload: token } } });
  const c = await w.t.store.db.selectFrom('call_recordings').select(['id', 'call_id']).where('call_id', '=', r.call_id).executeTakeFirstOrThrow();
  return { ticketId: r.ticket.id, callId: c.call_id, recordingId: c.id };
}

let lines = 0;
async function line(w: World): Promise<number> {
  const r = await w.must('POST', api('/channels/voice/phone_numbers'), { phone_number: { number: `+1415555${String(2000 + ++lines)}` } });
  return r.phone_number.id;
}

export const callRows: Row[] = [
  {
    area: 'Calls', action: 'create a voice ticket (Talk Partner Edition)', method: 'POST', path: '/channels/voice/tickets', expect: staff(201),
    make: async () => ({ url: api('/channels/voice/tickets'), body: { ticket: { via_id: 45, voice_comment: voice } } }),
  },
  {
    area: 'Calls', action: 'add a call to a ticket', method: 'PUT', path: '/tickets/{id} {voice_comment}', expect: staff(200),
    make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}`), body: { ticket: { voice_comment: voice } } }),
  },
  { area: 'Calls', action: 'show a call', method: 'GET', path: '/channels/voice/calls/{id}', expect: staff(200), shared: callWithRecording, make: async (_w, _who, s) => ({ url: api(`/channels/voice/calls/${s.callId}`) }) },
  {
    area: 'Calls', action: "play a call's recording", method: 'GET', path: '/channels/voice/calls/{id}/recordings/{call|voicemail}', expect: staff(200), shared: callWithRecording,
    make: async (_w, _who, s) => ({ url: api(`/channels/voice/calls/${s.callId}/recordings/call`) }),
  },
  { area: 'Calls', action: 'export calls incrementally', method: 'GET', path: '/channels/voice/stats/incremental/calls?start_time=', expect: staff(200), make: async () => ({ url: api('/channels/voice/stats/incremental/calls?start_time=1700000000') }) },
  {
    area: 'Calls', action: "delete a call's recordings", method: 'DELETE', path: '/channels/voice/calls/{id}/recordings', expect: deleters(204),
    make: async (w) => ({ url: api(`/channels/voice/calls/${(await callWithRecording(w)).callId}/recordings`) }),
  },
  {
    area: 'Calls', action: "delete a call's recording of one kind", method: 'DELETE', path: '/channels/voice/calls/{id}/recordings/{call|voicemail}', expect: deleters(204),
    make: async (w) => ({ url: api(`/channels/voice/calls/${(await callWithRecording(w)).callId}/recordings/call`) }),
  },
  {
    area: 'Calls', action: "delete a ticket's recording", method: 'DELETE', path: '/tickets/{tid}/recordings/{rid}', expect: deleters(204),
    make: async (w) => {
      const c = await callWithRecording(w);
      return { url: api(`/tickets/${c.ticketId}/recordings/${c.recordingId}`) };
    },
  },

  // Phone lines (also at /phone_lines)
  { area: 'Phone lines', action: 'list phone lines', method: 'GET', path: '/channels/voice/phone_numbers', expect: staff(200) },
  { area: 'Phone lines', action: 'list phone lines (alias)', method: 'GET', path: '/phone_lines', expect: staff(200) },
  { area: 'Phone lines', action: 'show a phone line', method: 'GET', path: '/channels/voice/phone_numbers/{id}', expect: staff(200), shared: line, make: async (_w, _who, id) => ({ url: api(`/channels/voice/phone_numbers/${id}`) }) },
  { area: 'Phone lines', action: 'show a phone line (alias)', method: 'GET', path: '/phone_lines/{id}', expect: staff(200), shared: line, make: async (_w, _who, id) => ({ url: api(`/phone_lines/${id}`) }) },
  {
    area: 'Phone lines', action: 'create a phone line', method: 'POST', path: '/channels/voice/phone_numbers', expect: admins(201),
    make: async () => ({ url: api('/channels/voice/phone_numbers'), body: { phone_number: { number: `+1415555${String(3000 + ++lines)}` } } }),
  },
  {
    area: 'Phone lines', action: 'create a phone line (alias)', method: 'POST', path: '/phone_lines', expect: admins(201),
    make: async () => ({ url: api('/phone_lines'), body: { phone_number: { number: `+1415555${String(4000 + ++lines)}` } } }),
  },
  {
    area: 'Phone lines', action: "change a line's recording retention", method: 'PUT', path: '/channels/voice/phone_numbers/{id}', expect: admins(200),
    make: async (w) => ({ url: api(`/channels/voice/phone_numbers/${await line(w)}`), body: { phone_number: { recording_retention_days: 30 } } }),
  },
  {
    area: 'Phone lines', action: "change a line's recording retention (alias)", method: 'PUT', path: '/phone_lines/{id}', expect: admins(200),
    make: async (w) => ({ url: api(`/phone_lines/${await line(w)}`), body: { phone_number: { recording_retention_days: 30 } } }),
  },
];

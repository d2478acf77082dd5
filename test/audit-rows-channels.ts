import type { Kysely } from 'kysely';
import { runRecordingFetchesOnce } from '../src/domain/calls/fetch-recordings.ts';
import { runSweeps } from '../src/jobs/sweeps.ts';
import type { TestApp } from './app.ts';
import { startRemote, wav } from './calls/audio.ts';
import { insertChatRecord } from './factories/chats.ts';

// The audit actions of chat and calls, for src/domain/events.test.ts: each driven through its
// real path, with a marker in every piece of personal data it touches (name, email, notes,
// message text, file names and bytes, numbers, transcript, the recording's bytes).

/** What an action's row recorded: its subject, and where, when not in the row's own test app. */
export interface Recorded {
  subjectType: string;
  subjectId: number | null;
  db?: Kysely<any>;
}
/** One audit action and how to drive it through its real path. */
export interface Row {
  action: string;
  /** Which path, when one action is recorded by more than one. */
  via?: string;
  drive(t: TestApp, m: string): Promise<Recorded>;
  /** Needs a helpdesk of its own (the rows share one): it counts on what a new one holds. */
  fresh?: true;
}

type Answer = { status: number; body: any };
/** The body of an answer that must have `status`; anything else throws with the body. */
export async function ok(p: Promise<Answer>, status = 200): Promise<any> {
  const r = await p;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const chatOf = (t: TestApp, m: string) =>
  insertChatRecord(t, { visitor: { name: `Name ${m}`, email: `${m}@example.test`, notes: `notes ${m}` }, messages: [`My name is ${m}.`], files: [{ name: `${m}.txt`, bytes: `bytes ${m}` }] });

const importOf = (m: string) => ({
  external_id: `sync-${m}`,
  visitor: { name: `Name ${m}`, email: `${m}@example.test` },
  session: { ip: '198.51.100.4', user_agent: `Agent ${m}` },
  history: [{ type: 'chat.msg', msg: `My name is ${m}.`, timestamp: '2026-11-22T09:00:01Z', external_id: `msg-${m}` }],
  timestamp: '2026-11-22T09:00:00Z',
  end_timestamp: '2026-11-22T09:10:00Z',
});

/** The chat rows. */
export function chatRows(): Row[] {
  return [
    {
      action: 'chat.imported',
      async drive(t, m) {
        const c = await ok(t.call('POST', '/api/v2/chat/chats', importOf(m)), 201);
        return { subjectType: 'chat', subjectId: Number(c.id) };
      },
    },
    {
      action: 'chat.reimported',
      async drive(t, m) {
        const c = await ok(t.call('POST', '/api/v2/chat/chats', importOf(m)), 201);
        await ok(t.call('POST', '/api/v2/chat/chats', { ...importOf(m), history: [...importOf(m).history, { type: 'chat.msg', msg: `Still ${m}`, timestamp: '2026-11-22T09:00:09Z', external_id: `msg2-${m}` }] }));
        return { subjectType: 'chat', subjectId: Number(c.id) };
      },
    },
    {
      action: 'chat.updated',
      async drive(t, m) {
        const c = await chatOf(t, m);
        await ok(t.call('PUT', `/api/v2/chat/chats/${c.chatId}`, { tags: ['vip'], visitor: { notes: `prefers ${m}` } }));
        return { subjectType: 'chat', subjectId: c.chatId };
      },
    },
    {
      action: 'chat.redacted',
      async drive(t, m) {
        const c = await chatOf(t, m);
        await ok(t.call('PUT', `/api/v2/chat/chats/${c.chatId}/redact`, { text: m }));
        return { subjectType: 'chat', subjectId: c.chatId };
      },
    },
    {
      action: 'chat.files_deleted',
      async drive(t, m) {
        const c = await chatOf(t, m);
        await ok(t.call('DELETE', `/api/v2/chat/chats/${c.chatId}/attachments`));
        return { subjectType: 'chat', subjectId: c.chatId };
      },
    },
    {
      action: 'chat.deleted',
      async drive(t, m) {
        const c = await chatOf(t, m);
        await ok(t.call('DELETE', `/api/v2/chat/chats/${c.chatId}`), 204);
        return { subjectType: 'chat', subjectId: c.chatId };
      },
    },
    {
      action: 'visitor.created',
      async drive(t, m) {
        const v = await ok(t.call('POST', '/api/v2/chat/visitors', { name: `Name ${m}`, email: `${m}@example.test`, notes: `notes ${m}` }), 201);
        return { subjectType: 'visitor', subjectId: Number(v.id) };
      },
    },
    {
      action: 'visitor.updated',
      async drive(t, m) {
        const c = await chatOf(t, m);
        await ok(t.call('PUT', `/api/v2/chat/visitors/${c.visitorId}`, { notes: `new notes ${m}` }));
        return { subjectType: 'visitor', subjectId: c.visitorId };
      },
    },
    {
      action: 'visitor.deleted',
      async drive(t, m) {
        const c = await chatOf(t, m);
        await ok(t.call('DELETE', `/api/v2/visitors/${c.visitorId}`), 204);
        return { subjectType: 'visitor', subjectId: c.visitorId };
      },
    },
  ];
}

const numbers = (m: string) => ({ from: '+14155550100', to: '+442079460958', started_at: '2026-11-22T09:58:00Z', call_duration: 65, transcription_text: `Hello, I am ${m}`, location: `Town ${m}` });

async function voiceTicket(t: TestApp, m: string, extra: Record<string, unknown> = {}) {
  const r = await ok(t.call('POST', '/api/v2/channels/voice/tickets', { ticket: { via_id: 45, requester: { name: `Name ${m}`, phone: '+14155550100' }, voice_comment: { ...numbers(m), ...extra } } }), 201);
  const comments = (await ok(t.call('GET', `/api/v2/tickets/${r.ticket.id}/comments`))).comments as any[];
  return { ticketId: r.ticket.id as number, callId: comments.find((c) => c.type === 'VoiceComment').data.call_id as number };
}

async function withRemote<T>(m: string, status: number, run: (url: string) => Promise<T>): Promise<T> {
  const audio = wav(300, m);
  const remote = await startRemote({ '/rec.wav': () => ({ status, body: audio, type: 'audio/wav' }) });
  try {
    return await run(remote.url('/rec.wav'));
  } finally {
    await remote.close();
  }
}

/** The call rows. */
export function callRows(): Row[] {
  return [
    {
      action: 'call.created',
      async drive(t, m) {
        const c = await voiceTicket(t, m);
        return { subjectType: 'call', subjectId: c.callId };
      },
    },
    {
      action: 'call.recording_stored',
      async drive(t, m) {
        return withRemote(m, 200, async (url) => {
          const c = await voiceTicket(t, m, { recording_url: url });
          await runRecordingFetchesOnce(t.ctx, { allowPrivate: true });
          return { subjectType: 'call', subjectId: c.callId };
        });
      },
    },
    {
      action: 'call.recording_fetch_failed',
      async drive(t, m) {
        return withRemote(m, 404, async (url) => {
          const c = await voiceTicket(t, m, { recording_url: url });
          await runRecordingFetchesOnce(t.ctx, { allowPrivate: true });
          return { subjectType: 'call', subjectId: c.callId };
        });
      },
    },
    {
      action: 'call.recording_deleted',
      async drive(t, m) {
        return withRemote(m, 200, async (url) => {
          const c = await voiceTicket(t, m, { recording_url: url });
          await runRecordingFetchesOnce(t.ctx, { allowPrivate: true });
          await ok(t.call('DELETE', `/api/v2/channels/voice/calls/${c.callId}/recordings`), 204);
          return { subjectType: 'call', subjectId: c.callId };
        });
      },
    },
    {
      action: 'call.recording_expired',
      async drive(t, m) {
        return withRemote(m, 200, async (url) => {
          await ok(t.call('POST', '/api/v2/channels/voice/phone_numbers', { phone_number: { number: '+442079460958', recording_retention_days: 1 } }), 201);
          const c = await voiceTicket(t, m, { recording_url: url });
          await runRecordingFetchesOnce(t.ctx, { allowPrivate: true });
          t.clock.advanceDays(2);
          await runSweeps(t.ctx, { dryRun: false });
          return { subjectType: 'call', subjectId: c.callId };
        });
      },
    },
    {
      action: 'phone_line.created',
      async drive(t) {
        const l = await ok(t.call('POST', '/api/v2/channels/voice/phone_numbers', { phone_number: { number: '+442079460959', nickname: 'Support UK' } }), 201);
        return { subjectType: 'phone_line', subjectId: l.phone_number.id };
      },
    },
    {
      action: 'phone_line.updated',
      async drive(t) {
        const l = await ok(t.call('POST', '/api/v2/channels/voice/phone_numbers', { phone_number: { number: '+442079460957' } }), 201);
        await ok(t.call('PUT', `/api/v2/channels/voice/phone_numbers/${l.phone_number.id}`, { phone_number: { recording_retention_days: 30 } }));
        return { subjectType: 'phone_line', subjectId: l.phone_number.id };
      },
    },
  ];
}

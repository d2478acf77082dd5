import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addVoiceComment } from '../../domain/calls/add-voice-comment.ts';
import { createVoiceTicket } from '../../domain/calls/create-voice-ticket.ts';
import { deleteCallRecordings, deleteTicketRecording } from '../../domain/calls/delete-recordings.ts';
import { listIncrementalCalls } from '../../domain/calls/list-incremental-calls.ts';
import { createPhoneNumber } from '../../domain/calls/create-phone-number.ts';
import { listPhoneNumbers } from '../../domain/calls/list-phone-numbers.ts';
import { readPhoneNumber } from '../../domain/calls/read-phone-number.ts';
import { updatePhoneNumber } from '../../domain/calls/update-phone-number.ts';
import { readCall } from '../../domain/calls/read-call.ts';
import { readCallRecording } from '../../domain/calls/read-recording.ts';
import { readTicket } from '../../domain/tickets/read-ticket.ts';
import { AppError, notFound } from '../../errors.ts';
import { PhoneNumberWriteSchema, RECORDING_KINDS, VoiceCommentAddSchema, VoiceTicketCreateSchema, type RecordingKind } from '../../shared/calls.ts';
import { requiredText } from '../../shared/query.ts';
import { idParam, parseRoot } from '../body.ts';
import { parseQuery } from '../query.ts';
import { presentCall, presentPhoneNumber } from '../presenters/calls.ts';
import { selfUrl } from '../pagination.ts';
import { presentAudit, presentTicket } from '../presenters/tickets.ts';

// Calls (docs/calls.md): what telephony integrations send (Zendesk's Talk Partner Edition),
// phone lines, calls, their recordings (served with Range for the player) and their deletion.

type IdParams = { Params: { id: string } };
type KindParams = { Params: { id: string; kind: string } };

function kindParam(raw: string): RecordingKind {
  if (!(RECORDING_KINDS as readonly string[]).includes(raw)) throw notFound();
  return raw as RecordingKind;
}

const START_HINT = 'Give start_time as Unix seconds: ?start_time=1700000000.';
const IncrementalQuerySchema = z.object({
  start_time: requiredText(START_HINT).regex(/^\d{1,11}$/, START_HINT).transform(Number),
});

/**
 * `ticket.voice_comment` on PUT /tickets/{id} (Zendesk's way to add a call to a ticket): the
 * checked voice comment, if any, and the rest of the ticket object for the ordinary update.
 */
export function splitVoiceComment(body: unknown): { voice: z.infer<typeof VoiceCommentAddSchema> | null; rest: unknown } {
  const t = (body as { ticket?: Record<string, unknown> } | undefined)?.ticket;
  if (!t || typeof t !== 'object' || Array.isArray(t) || t.voice_comment === undefined) return { voice: null, rest: body };
  const { voice_comment, via_id, phone_number_id, ...rest } = t;
  const voice = parseRoot(VoiceCommentAddSchema, 'ticket', { ticket: { voice_comment, via_id, phone_number_id } });
  return { voice, rest: { ticket: rest } };
}

/** Adds the voice comment split off by splitVoiceComment; returns the answer's audit. */
export async function addSplitVoiceComment(req: FastifyRequest, ticketId: number, input: z.infer<typeof VoiceCommentAddSchema>) {
  const r = await addVoiceComment(req.ctx, { ticketId, voice: input.voice_comment, ...(input.via_id ? { viaId: input.via_id } : {}), ...(input.phone_number_id ? { phoneNumberId: input.phone_number_id } : {}) });
  return presentAudit(r.audit);
}

/** One byte range of `size` from a Range header (`bytes=a-b`, `bytes=a-`, `bytes=-n`); null for the whole; 'bad' when unsatisfiable. */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | null | 'bad' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges, or another unit: the whole file is a correct answer (RFC 9110 §14.2).
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'bad';
  return { start, end };
}

async function sendAudio(req: FastifyRequest, reply: FastifyReply, rec: { content_type: string; data: Buffer | Uint8Array; id: number }) {
  const data = Buffer.from(rec.data);
  // Stored audio came from outside: never let a browser run or sniff it in our origin.
  reply
    .header('Content-Type', rec.content_type)
    .header('Accept-Ranges', 'bytes')
    .header('Content-Disposition', `inline; filename="recording-${rec.id}"`)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, no-store');
  const range = byteRange(req.headers.range, data.length);
  if (range === 'bad') return reply.status(416).header('Content-Range', `bytes */${data.length}`).send();
  if (range === null) return reply.send(data);
  return reply
    .status(206)
    .header('Content-Range', `bytes ${range.start}-${range.end}/${data.length}`)
    .send(data.subarray(range.start, range.end + 1));
}

/** The voice channel's routes (docs/api.md "Calls"). */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.post('/channels/voice/tickets', async (req, reply) => {
    const input = parseRoot(VoiceTicketCreateSchema, 'ticket', req.body);
    const r = await createVoiceTicket(req.ctx, input);
    reply.status(201);
    return { ticket: await presentTicket(req, await readTicket(req.ctx, { ticketId: r.ticketId })), audit: presentAudit(r.audit), call_id: r.callId };
  });

  for (const base of ['/channels/voice/phone_numbers', '/phone_lines']) {
    app.get(base, async (req) => {
      const lines = await listPhoneNumbers(req.ctx, {});
      return { phone_numbers: lines.map((l) => presentPhoneNumber(req, l)), next_page: null, previous_page: null, count: lines.length };
    });
    app.post(base, async (req, reply) => {
      const input = parseRoot(PhoneNumberWriteSchema, 'phone_number', req.body);
      const id = await createPhoneNumber(req.ctx, input);
      reply.status(201);
      return { phone_number: presentPhoneNumber(req, await readPhoneNumber(req.ctx, { id })) };
    });
    app.get<IdParams>(`${base}/:id`, async (req) => ({ phone_number: presentPhoneNumber(req, await readPhoneNumber(req.ctx, { id: idParam(req.params.id) })) }));
    app.put<IdParams>(`${base}/:id`, async (req) => {
      const id = idParam(req.params.id);
      const changes = parseRoot(PhoneNumberWriteSchema, 'phone_number', req.body);
      await updatePhoneNumber(req.ctx, { id, changes });
      return { phone_number: presentPhoneNumber(req, await readPhoneNumber(req.ctx, { id })) };
    });
  }

  app.get<IdParams>('/channels/voice/calls/:id', async (req) => {
    const v = await readCall(req.ctx, { callId: idParam(req.params.id) });
    return { call: presentCall(req, v.call, v.recordings, v.lineNumber) };
  });

  app.get<KindParams>('/channels/voice/calls/:id/recordings/:kind', async (req, reply) => {
    const rec = await readCallRecording(req.ctx, { callId: idParam(req.params.id), kind: kindParam(req.params.kind) });
    return sendAudio(req, reply, rec);
  });

  app.delete<IdParams>('/channels/voice/calls/:id/recordings', async (req, reply) => {
    await deleteCallRecordings(req.ctx, { callId: idParam(req.params.id) });
    reply.status(204).send();
  });

  app.delete<KindParams>('/channels/voice/calls/:id/recordings/:kind', async (req, reply) => {
    await deleteCallRecordings(req.ctx, { callId: idParam(req.params.id), kind: kindParam(req.params.kind) });
    reply.status(204).send();
  });

  app.delete<{ Params: { tid: string; rid: string } }>('/tickets/:tid/recordings/:rid', async (req, reply) => {
    await deleteTicketRecording(req.ctx, { ticketId: idParam(req.params.tid), recordingId: idParam(req.params.rid) });
    reply.status(204).send();
  });

  // Zendesk's Talk incremental calls export: calls changed since start_time, tombstones included.
  app.get('/channels/voice/stats/incremental/calls', async (req) => {
    const { start_time } = parseQuery(IncrementalQuerySchema, req.query);
    if (start_time > Math.floor(req.ctx.now().getTime() / 1000)) throw new AppError('invalid_request', 'start_time is in the future.');
    const r = await listIncrementalCalls(req.ctx, { since: new Date(start_time * 1000) });
    const last = r.calls[r.calls.length - 1];
    const endTime = last ? Math.floor(Date.parse(last.updated_at) / 1000) : start_time;
    // A full page whose calls all changed in one second would come back the same: go one second on.
    const nextStart = last && r.more && endTime === start_time ? endTime + 1 : endTime;
    return {
      calls: r.calls.map((c) => presentCall(req, c, r.recordings, c.phone_line_id === null ? null : (r.lines.get(c.phone_line_id) ?? null))),
      count: r.calls.length,
      end_time: endTime,
      next_page: r.more ? selfUrl(req, { start_time: String(nextStart) }) : null,
      end_of_stream: !r.more,
    };
  });
}

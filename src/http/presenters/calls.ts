import type { FastifyRequest } from 'fastify';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CallRow } from '../../domain/calls/read-call.ts';
import type { PhoneLineRow } from '../../domain/calls/phone-line-rules.ts';
import type { RecordingMeta } from '../../domain/calls/read-call.ts';
import type { Call, PhoneNumber, RecordingKind, VoiceCommentData } from '../../shared/calls.ts';
import { apiBase, ts } from './common.ts';

/** Oubli's own URL of a call's stored audio of this kind (staff only; Range requests work). */
export function recordingUrl(req: FastifyRequest, callId: number, kind: RecordingKind): string {
  return `${apiBase(req)}/channels/voice/calls/${callId}/recordings/${kind}`;
}

/** Zendesk's phone number object for a line. */
export function presentPhoneNumber(req: FastifyRequest, l: PhoneLineRow): PhoneNumber {
  const p = parsePhoneNumberFromString(l.number);
  return {
    id: l.id,
    url: `${apiBase(req)}/channels/voice/phone_numbers/${l.id}`,
    number: l.number,
    display_number: p?.formatInternational() ?? l.number,
    name: l.nickname ?? p?.formatInternational() ?? l.number,
    nickname: l.nickname,
    country_code: p?.country ?? null,
    recorded: true,
    recording_retention_days: l.recording_retention_days,
    created_at: ts(l.created_at),
    updated_at: ts(l.updated_at),
  };
}

/** What a voice comment shows, from its call row and reachable recordings. */
export function voiceCommentData(req: FastifyRequest, c: CallRow, recs: RecordingMeta[], pending: boolean): VoiceCommentData {
  const has = (k: RecordingKind) => recs.some((r) => r.kind === k);
  return {
    call_id: c.id,
    from: c.from_number,
    to: c.to_number,
    recording_url: has('call') ? recordingUrl(req, c.id, 'call') : null,
    voicemail_url: has('voicemail') ? recordingUrl(req, c.id, 'voicemail') : null,
    recording_ids: recs.map((r) => r.id),
    recording_pending: pending,
    call_duration: c.duration,
    answered_by_id: c.answered_by_id,
    transcription_text: c.transcription,
    started_at: ts(c.started_at),
    location: c.location,
    direction: c.direction,
  };
}

/** A call in the Talk incremental export's shape (the fields Oubli has). */
export function presentCall(req: FastifyRequest, c: CallRow, recs: RecordingMeta[], lineNumber: string | null): Call {
  return {
    id: c.id,
    ticket_id: c.ticket_id,
    comment_id: c.comment_id,
    phone_number_id: c.phone_line_id,
    phone_number: lineNumber,
    direction: c.direction,
    from: c.from_number,
    to: c.to_number,
    agent_id: c.answered_by_id,
    duration: c.duration,
    started_at: ts(c.started_at),
    transcription_text: c.transcription,
    location: c.location,
    recordings: c.erased_at
      ? []
      : recs.filter((r) => r.call_id === c.id).map((r) => ({ id: r.id, kind: r.kind, content_type: r.content_type, size: r.size, url: recordingUrl(req, c.id, r.kind), created_at: ts(r.created_at) })),
    erased: !!c.erased_at,
    created_at: ts(c.created_at),
    updated_at: ts(c.updated_at),
  };
}

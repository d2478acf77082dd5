import type { Kysely } from 'kysely';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Ctx } from '../../context.ts';
import type { CallDirection, Database, RecordingKind } from '../../db/schema.ts';
import { getAttachmentContent } from '../../db/queries/attachments.ts';
import { getPhoneLine, insertCall, phoneLineByNumber } from '../../db/queries/calls.ts';
import { insertFetch, insertRecording } from '../../db/queries/calls-recordings.ts';
import { deleteUploads } from '../../db/queries/attachments.ts';
import { getUser } from '../../db/queries/users.ts';
import { invalidField } from '../../errors.ts';
import type { VoiceCommentInput } from '../../shared/calls.ts';
import { checkUploadTokens } from '../tickets/write-comment.ts';
import { isAudioType } from './recording-rules.ts';

// What a voice comment writes besides the comment itself, in the ticket's transaction: the
// call row, and its recording (from an upload token at once, or queued for the fetcher
// when it is a URL: the download happens after commit, src/domain/calls/fetch-recordings.ts).

/** A phone number in E.164, or a 422 naming the field. */
export function e164(raw: string, field: string): string {
  const p = parsePhoneNumberFromString(raw.trim());
  if (!p || !p.isPossible()) throw invalidField(field, 'is not a valid phone number (use the international form, +44 20 …)');
  return p.number;
}

/** inbound or outbound, from Zendesk's via id (46 is an outbound call). */
export function directionOf(viaId: number | undefined): CallDirection {
  return viaId === 46 ? 'outbound' : 'inbound';
}

/** `2:05`, `1:02:03`. */
export function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The staff member who answered, checked: a live agent or admin. */
export async function checkAnswerer(db: Kysely<Database>, id: number | undefined): Promise<{ id: number; name: string } | null> {
  if (id === undefined) return null;
  const u = await getUser(db, id);
  if (!u || u.deleted_at || u.erased_at || u.role === 'end-user') throw invalidField('voice_comment.answered_by_id', 'is not an active agent or admin.');
  return { id: u.id, name: u.name };
}

/** The short text of a voice comment: who called whom, how long, who answered. */
export function voiceSummary(direction: CallDirection, from: string, to: string, seconds: number, answeredBy: string | null, voicemail: boolean): string {
  const what = voicemail ? 'Voicemail' : direction === 'outbound' ? 'Outbound call' : 'Inbound call';
  return `${what} from ${from} to ${to}, ${clock(seconds)}${answeredBy ? `, answered by ${answeredBy}` : ''}.`;
}

/** The numbers of a voice comment in E.164, and the line it came in on (ours: `to` inbound, `from` outbound). */
export async function resolveCallNumbers(db: Kysely<Database>, voice: VoiceCommentInput, direction: CallDirection, lineId: number | undefined) {
  const from = e164(voice.from, 'voice_comment.from');
  const to = e164(voice.to, 'voice_comment.to');
  let line: { id: number } | undefined;
  if (lineId !== undefined) {
    line = await getPhoneLine(db, lineId);
    if (!line) throw invalidField('phone_number_id', 'is not a phone number of this account.');
  } else line = await phoneLineByNumber(db, direction === 'outbound' ? from : to);
  return { from, to, lineId: line?.id ?? null };
}

export interface RecordCallInput {
  ticketId: number;
  commentId: number;
  direction: CallDirection;
  voicemail: boolean;
  numbers: { from: string; to: string; lineId: number | null };
  answeredById: number | null;
  voice: VoiceCommentInput;
}

/** Writes the call and its recording (or its queued fetch); returns the call's id and whether a fetch waits. */
export async function recordCallInTransaction(ctx: Ctx, trx: Kysely<Database>, input: RecordCallInput): Promise<{ callId: number; fetchQueued: boolean }> {
  const now = ctx.now().toISOString();
  const v = input.voice;
  const callId = await insertCall(trx, {
    ticket_id: input.ticketId,
    comment_id: input.commentId,
    phone_line_id: input.numbers.lineId,
    direction: input.direction,
    from_number: input.numbers.from,
    to_number: input.numbers.to,
    location: v.location ?? null,
    transcription: v.transcription_text ?? null,
    answered_by_id: input.answeredById,
    started_at: new Date(v.started_at).toISOString(),
    duration: v.call_duration,
    created_at: now,
    updated_at: now,
    erased_at: null,
  });
  const kind: RecordingKind = v.recording_kind ?? (input.voicemail ? 'voicemail' : 'call');
  if (v.recording_upload) {
    const [file, more] = await checkUploadTokens(trx, [v.recording_upload], ctx.now());
    if (!file || more || file.uploader_id !== ctx.actor?.id) throw invalidField('voice_comment.recording_upload', 'must be a token of one file you uploaded.');
    if (!isAudioType(file.content_type)) throw invalidField('voice_comment.recording_upload', 'must be audio (audio/*).');
    const content = await getAttachmentContent(trx, file.id);
    await insertRecording(trx, { call_id: callId, kind, source_url: null, content_type: file.content_type, size: file.size, data: Buffer.from(content!.data), created_at: now, deleted_at: null });
    // The bytes now live in the recording alone: one place to delete them from.
    await deleteUploads(trx, v.recording_upload);
    return { callId, fetchQueued: false };
  }
  if (v.recording_url) {
    await insertFetch(trx, { call_id: callId, kind, source_url: v.recording_url, next_attempt_at: now, last_error: null, failed_at: null, created_at: now });
    return { callId, fetchQueued: true };
  }
  return { callId, fetchQueued: false };
}

import { z } from 'zod';
import { TimestampSchema } from './envelopes.ts';
import { IdSchema } from './ids.ts';
import { oneLine } from './text.ts';
import { UploadTokenSchema } from './tickets.ts';

// Calls (docs/calls.md): what telephony integrations send (Zendesk's Talk Partner Edition
// voice_comment), and the phone numbers, calls and voice comment data Oubli answers with.

export const RECORDING_KINDS = ['call', 'voicemail'] as const;
export const RecordingKindSchema = z.enum(RECORDING_KINDS);
export type RecordingKind = z.infer<typeof RecordingKindSchema>;

/** Zendesk's via ids of Talk: 44 voicemail, 45 inbound call, 46 outbound call. */
export const VOICE_VIA_IDS = { voicemail: 44, inbound: 45, outbound: 46 } as const;

const Phone = z.string().trim().min(3).max(40);
const Text = z.string().max(65_535);

/** A voice comment as an integration sends it (Zendesk's voice_comment object). */
export const VoiceCommentInputSchema = z.object({
  from: Phone,
  to: Phone,
  /** Where Oubli fetches the audio from, after the ticket is saved (http or https). */
  recording_url: z.string().trim().url().max(2048).optional(),
  /** Oubli's own alternative to recording_url: a token from POST /uploads holding the audio. */
  recording_upload: UploadTokenSchema.optional(),
  started_at: z.iso.datetime({ offset: true }),
  /** Seconds. */
  call_duration: z.number().int().min(0).max(86_400 * 7),
  answered_by_id: IdSchema.optional(),
  transcription_text: Text.optional(),
  location: z.string().max(255).optional(),
  /** call (the default) or voicemail: which of the two recordings this audio is. */
  recording_kind: RecordingKindSchema.optional(),
  public: z.boolean().optional(),
});
export type VoiceCommentInput = z.infer<typeof VoiceCommentInputSchema>;

/** POST /channels/voice/tickets: a new ticket with its voice comment. */
export const VoiceTicketCreateSchema = z.object({
  via_id: z.union([z.literal(44), z.literal(45), z.literal(46)]),
  subject: z.string().max(255).optional(),
  requester_id: IdSchema.optional(),
  requester: z.object({ name: oneLine(z.string().trim().min(1).max(255)).optional(), phone: Phone }).optional(),
  phone_number_id: IdSchema.optional(),
  voice_comment: VoiceCommentInputSchema,
});
export type VoiceTicketCreate = z.infer<typeof VoiceTicketCreateSchema>;

/** PUT /tickets/{id} with a voice comment, or POST /channels/voice/tickets/{id}/voice_comments. */
export const VoiceCommentAddSchema = z.object({
  via_id: z.union([z.literal(44), z.literal(45), z.literal(46)]).optional(),
  phone_number_id: IdSchema.optional(),
  voice_comment: VoiceCommentInputSchema,
});

/** What a voice comment shows, read from its call: Zendesk's `data` of a VoiceComment. */
export const VoiceCommentDataSchema = z.object({
  call_id: z.number(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** Oubli's own URL of the stored audio; null once deleted (or not fetched yet). */
  recording_url: z.string().nullable(),
  /** The voicemail's, when the call left one. */
  voicemail_url: z.string().nullable(),
  /** Ids of the stored recordings, for DELETE /tickets/{tid}/recordings/{rid}. */
  recording_ids: z.array(z.number()),
  /** True while a recording_url is still being fetched. */
  recording_pending: z.boolean(),
  call_duration: z.number().nullable(),
  answered_by_id: z.number().nullable(),
  transcription_text: z.string().nullable(),
  started_at: TimestampSchema.nullable(),
  location: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
});
export type VoiceCommentData = z.infer<typeof VoiceCommentDataSchema>;

/** A phone line in Zendesk's phone number shape, with Oubli's `recording_retention_days`. */
export const PhoneNumberSchema = z.object({
  id: z.number(),
  url: z.string(),
  number: z.string(),
  display_number: z.string(),
  name: z.string().nullable(),
  nickname: z.string().nullable(),
  country_code: z.string().nullable(),
  recorded: z.boolean(),
  /** Null: recordings are kept until deleted. Otherwise deleted once older than this. */
  recording_retention_days: z.number().nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type PhoneNumber = z.infer<typeof PhoneNumberSchema>;

/** POST/PUT /channels/voice/phone_numbers: the fields a request may set. */
export const PhoneNumberWriteSchema = z.object({
  number: Phone.optional(),
  nickname: z.string().max(255).nullable().optional(),
  recording_retention_days: z.number().int().min(1).max(36_500).nullable().optional(),
});
export type PhoneNumberWrite = z.infer<typeof PhoneNumberWriteSchema>;

/** A recording's facts (never its source URL). */
export const CallRecordingSchema = z.object({
  id: z.number(),
  kind: RecordingKindSchema,
  content_type: z.string(),
  size: z.number(),
  url: z.string(),
  created_at: TimestampSchema,
});

/** A call, in the shape of Zendesk's Talk incremental calls export (fields Oubli has). */
export const CallSchema = z.object({
  id: z.number(),
  ticket_id: z.number(),
  comment_id: z.number().nullable(),
  phone_number_id: z.number().nullable(),
  phone_number: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  agent_id: z.number().nullable(),
  duration: z.number().nullable(),
  started_at: TimestampSchema.nullable(),
  transcription_text: z.string().nullable(),
  location: z.string().nullable(),
  recordings: z.array(CallRecordingSchema),
  /** True once its ticket was erased: a tombstone (numbers, transcript and location blank). */
  erased: z.boolean(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Call = z.infer<typeof CallSchema>;

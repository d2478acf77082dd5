import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { liveUserByPhone } from '../../db/queries/calls-people.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField } from '../../errors.ts';
import type { VoiceTicketCreate } from '../../shared/calls.ts';
import { createUserInTransaction } from '../contacts/create-user.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { createTicket, type TicketWriteResult } from '../tickets/create-ticket.ts';
import { checkAnswerer, directionOf, e164, recordCallInTransaction, resolveCallNumbers, voiceSummary } from './record-call.ts';
import { checkRecordingUrl } from './recording-rules.ts';

/** The contact whose phone identity is this number (E.164), else a new contact with it. */
async function requesterByPhone(ctx: Ctx, trx: Kysely<Database>, phone: string, name: string | undefined): Promise<number> {
  const found = await liveUserByPhone(trx, phone);
  if (found !== null) return found;
  return createUserInTransaction(ctx, trx, { name: name ?? `Caller ${phone}`, phone });
}

export type CreateVoiceTicketResult = TicketWriteResult & { callId: number; fetchQueued: boolean };

/**
 * POST /channels/voice/tickets: a ticket (channel voice) with its voice comment, the call and
 * its recording (queued to be fetched after commit when given as a URL), in one transaction.
 * The requester is requester_id, else the contact with the caller's phone (requester.phone,
 * else the caller's number), else a new contact. The voice comment is private unless the
 * integration says otherwise, written by whoever answered (else the integration's own user).
 */
export async function createVoiceTicket(ctx: Ctx, input: VoiceTicketCreate): Promise<CreateVoiceTicketResult> {
  authorize(canWorkTickets(ctx.actor!));
  const v = input.voice_comment;
  if (v.recording_url && v.recording_upload) throw invalidField('voice_comment.recording_url', 'give recording_url or recording_upload, not both.');
  if (v.recording_url) checkRecordingUrl(v.recording_url);
  const direction = directionOf(input.via_id);
  const voicemail = input.via_id === 44;
  const numbers = await resolveCallNumbers(ctx.db, v, direction, input.phone_number_id);
  const answerer = await checkAnswerer(ctx.db, v.answered_by_id);
  const callerPhone = input.requester?.phone ? e164(input.requester.phone, 'requester.phone') : direction === 'outbound' ? numbers.to : numbers.from;
  let call = { callId: 0, fetchQueued: false };
  const result = await createTicket(ctx, {
    subject: input.subject ?? `${voicemail ? 'Voicemail' : 'Call'} from ${direction === 'outbound' ? numbers.to : numbers.from}`,
    ...(input.requester_id !== undefined ? { requester_id: input.requester_id } : {}),
    requesterOf: (trx) => requesterByPhone(ctx, trx, callerPhone, input.requester?.name),
    channel: 'voice',
    comment: {
      body: voiceSummary(direction, numbers.from, numbers.to, v.call_duration, answerer?.name ?? null, voicemail),
      public: v.public ?? false,
      ...(answerer ? { author_id: answerer.id } : {}),
    },
    alsoWrite: async (trx, ids) => {
      call = await recordCallInTransaction(ctx, trx, { ticketId: ids.ticketId, commentId: ids.commentId, direction, voicemail, numbers, answeredById: answerer?.id ?? null, voice: v });
      await recordEvent(ctx, trx, { action: 'call.created', subjectType: 'call', subjectId: call.callId, details: { ticket_id: ids.ticketId, direction, fetch_queued: call.fetchQueued } });
    },
  }).catch((err) => {
    if (isUniqueViolation(err)) throw invalidField('requester', 'Requester: that phone number was just taken; try again.');
    throw err;
  });
  if (call.fetchQueued) ctx.recordingQueued?.();
  return { ...result, ...call };
}

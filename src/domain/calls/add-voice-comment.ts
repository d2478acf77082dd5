import type { Ctx } from '../../context.ts';
import type { VoiceCommentInput } from '../../shared/calls.ts';
import { invalidField } from '../../errors.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { touchTicket } from '../redaction/common.ts';
import { writeTicketAudit, type TicketAuditRow } from '../tickets/ticket-audit.ts';
import { actorId, assertEditable, lockTicket } from '../tickets/ticket-rules.ts';
import { addCommentInTransaction } from '../tickets/write-comment.ts';
import { checkAnswerer, directionOf, recordCallInTransaction, resolveCallNumbers, voiceSummary } from './record-call.ts';
import { checkRecordingUrl } from './recording-rules.ts';

export interface AddVoiceCommentInput {
  ticketId: number;
  viaId?: 44 | 45 | 46;
  phoneNumberId?: number;
  voice: VoiceCommentInput;
}

/**
 * Another call on an existing ticket (Zendesk: PUT /tickets/{id} with `ticket.voice_comment`):
 * its voice comment, call row and recording, in one transaction. A closed, spam or deleted
 * ticket is refused as any new comment is (docs/lifecycle.md).
 */
export async function addVoiceComment(ctx: Ctx, input: AddVoiceCommentInput): Promise<{ callId: number; commentId: number; audit: TicketAuditRow; fetchQueued: boolean }> {
  authorize(canWorkTickets(ctx.actor!));
  const v = input.voice;
  if (v.recording_url && v.recording_upload) throw invalidField('voice_comment.recording_url', 'give recording_url or recording_upload, not both.');
  if (v.recording_url) checkRecordingUrl(v.recording_url);
  const direction = directionOf(input.viaId);
  const voicemail = input.viaId === 44;
  const r = await ctx.db.transaction().execute(async (trx) => {
    const t = await lockTicket(ctx, trx, input.ticketId);
    assertEditable(t);
    const numbers = await resolveCallNumbers(trx, v, direction, input.phoneNumberId);
    const answerer = await checkAnswerer(trx, v.answered_by_id);
    const body = voiceSummary(direction, numbers.from, numbers.to, v.call_duration, answerer?.name ?? null, voicemail);
    const authorId = answerer?.id ?? actorId(ctx) ?? t.requester_id;
    const comment = await addCommentInTransaction(ctx, trx, { ticketId: t.id, authorId, channel: 'voice', comment: { body, public: v.public ?? false } });
    if (comment.type !== 'Comment') throw new Error('a voice comment must be a comment');
    const call = await recordCallInTransaction(ctx, trx, { ticketId: t.id, commentId: comment.id, direction, voicemail, numbers, answeredById: answerer?.id ?? null, voice: v });
    await touchTicket(ctx, trx, t.id);
    const audit = await writeTicketAudit(ctx, trx, t.id, [comment]);
    await recordEvent(ctx, trx, { action: 'call.created', subjectType: 'call', subjectId: call.callId, details: { ticket_id: t.id, direction, fetch_queued: call.fetchQueued } });
    return { ...call, commentId: comment.id, audit };
  });
  if (r.fetchQueued) ctx.recordingQueued?.();
  return r;
}

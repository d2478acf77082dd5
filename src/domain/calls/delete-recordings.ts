import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database, RecordingKind } from '../../db/schema.ts';
import { getCall, updateCallRow } from '../../db/queries/calls.ts';
import { deleteFetchesOfCalls, deleteLiveRecordings, liveRecordingsOfCalls, liveRecordingWithTicket } from '../../db/queries/calls-recordings.ts';
import { getTicketForUpdate } from '../../db/queries/tickets.ts';
import { notFound } from '../../errors.ts';
import { authorize, canDeleteRecordings } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { checkpointAfter, touchTicket } from '../redaction/common.ts';

export interface RecordingsDeleted {
  callId: number;
  ticketId: number;
  recordingIds: number[];
}

/**
 * Deletes recordings of one call in the caller's transaction: the bytes and source URL (the
 * rows go), the call's transcript, and any fetch still queued, with the `call.recording_deleted`
 * event (ids only). 404 when the call has nothing of that kind left to delete.
 */
export async function deleteRecordingsInTransaction(ctx: Ctx, trx: Kysely<Database>, callId: number, which: { kind?: RecordingKind; ids?: number[] }): Promise<RecordingsDeleted> {
  const call = await getCall(trx, callId);
  if (!call || call.erased_at) throw notFound();
  const recs = (await liveRecordingsOfCalls(trx, [callId])).filter((r) => (!which.kind || r.kind === which.kind) && (!which.ids || which.ids.includes(r.id)));
  const ids = recs.map((r) => r.id);
  const gone = await deleteLiveRecordings(trx, ids);
  const fetches = which.ids ? 0 : await deleteFetchesOfCalls(trx, [callId], which.kind);
  const transcript = call.transcription !== null;
  if (gone === 0 && fetches === 0 && !transcript) throw notFound('This call has no recording to delete.');
  const now = ctx.now().toISOString();
  // The transcript is the recording's words: it goes with it, whichever recording it was.
  await updateCallRow(trx, callId, { transcription: null, updated_at: now });
  await touchTicket(ctx, trx, call.ticket_id);
  await recordEvent(ctx, trx, {
    action: 'call.recording_deleted',
    subjectType: 'call',
    subjectId: callId,
    details: { ticket_id: call.ticket_id, recording_ids: ids, kind: which.kind ?? 'all', transcript, fetches_cancelled: fetches },
  });
  return { callId, ticketId: call.ticket_id, recordingIds: ids };
}

/** Locks the call's ticket; an erased ticket's call is 404 (its recordings are already unreachable). */
async function lockCallTicket(ctx: Ctx, trx: Transaction<Database>, ticketId: number): Promise<void> {
  const t = await getTicketForUpdate(trx, ticketId, ctx.caps.rowLocks);
  if (!t || t.state === 'erased') throw notFound();
}

/**
 * DELETE /channels/voice/calls/{id}/recordings[/{kind}]: a call's recordings (all, or the call
 * or voicemail one) and its transcript, for good, at once; then a checkpoint so the bytes
 * leave the SQLite files. Allowed on closed tickets too: it removes, it changes no conversation.
 */
export async function deleteCallRecordings(ctx: Ctx, input: { callId: number; kind?: RecordingKind }): Promise<RecordingsDeleted> {
  authorize(canDeleteRecordings(ctx.actor!));
  const r = await ctx.db.transaction().execute(async (trx) => {
    const call = await getCall(trx, input.callId);
    if (!call || call.erased_at) throw notFound();
    await lockCallTicket(ctx, trx, call.ticket_id);
    return deleteRecordingsInTransaction(ctx, trx, input.callId, { ...(input.kind ? { kind: input.kind } : {}) });
  });
  await checkpointAfter(ctx, 'call.recording_deleted', { callId: r.callId });
  return r;
}

/** DELETE /tickets/{tid}/recordings/{rid}: one recording of a call on that ticket (and the call's transcript). */
export async function deleteTicketRecording(ctx: Ctx, input: { ticketId: number; recordingId: number }): Promise<RecordingsDeleted> {
  authorize(canDeleteRecordings(ctx.actor!));
  const r = await ctx.db.transaction().execute(async (trx) => {
    const rec = await liveRecordingWithTicket(trx, input.recordingId);
    if (!rec || rec.ticket_id !== input.ticketId) throw notFound();
    await lockCallTicket(ctx, trx, rec.ticket_id);
    return deleteRecordingsInTransaction(ctx, trx, rec.call_id, { ids: [rec.id] });
  });
  await checkpointAfter(ctx, 'call.recording_deleted', { callId: r.callId });
  return r;
}

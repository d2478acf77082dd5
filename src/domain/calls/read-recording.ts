import type { Ctx } from '../../context.ts';
import type { RecordingKind } from '../../db/schema.ts';
import { getCall } from '../../db/queries/calls.ts';
import { liveRecordingData } from '../../db/queries/calls-recordings.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { notFound } from '../../errors.ts';
import { authorize, canWorkTickets, ticketShown } from '../policy.ts';

/**
 * The audio of a call's recording of this kind, for staff who can see its ticket. A deleted
 * recording, or one of an erased ticket (deleted_at set, bytes not yet purged), is 404.
 */
export async function readCallRecording(ctx: Ctx, input: { callId: number; kind: RecordingKind }) {
  authorize(canWorkTickets(ctx.actor!));
  const call = await getCall(ctx.db, input.callId);
  if (!call || call.erased_at) throw notFound();
  const ticket = await getTicket(ctx.db, call.ticket_id);
  if (!ticket || !ticketShown(ticket.state)) throw notFound();
  const rec = await liveRecordingData(ctx.db, call.id, input.kind);
  if (!rec) throw notFound();
  return rec;
}

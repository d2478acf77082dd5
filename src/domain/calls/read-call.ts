import type { Ctx } from '../../context.ts';
import { getCall, getPhoneLine, type CallRow } from '../../db/queries/calls.ts';

export type { CallRow };
import { callsWithPendingFetch, liveRecordingsOfCalls } from '../../db/queries/calls-recordings.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { notFound } from '../../errors.ts';
import { authorize, canWorkTickets, ticketShown } from '../policy.ts';

export type RecordingMeta = Awaited<ReturnType<typeof liveRecordingsOfCalls>>[number];

export interface CallView {
  call: CallRow;
  lineNumber: string | null;
  recordings: RecordingMeta[];
  pending: boolean;
}

/**
 * A call with its reachable recordings. Staff see the calls of tickets they can see (active
 * and Spam ones); the call of a deleted or erased ticket is 404, as its ticket is.
 */
export async function readCall(ctx: Ctx, input: { callId: number }): Promise<CallView> {
  authorize(canWorkTickets(ctx.actor!));
  const call = await getCall(ctx.db, input.callId);
  if (!call || call.erased_at) throw notFound();
  const ticket = await getTicket(ctx.db, call.ticket_id);
  if (!ticket || !ticketShown(ticket.state)) throw notFound();
  const line = call.phone_line_id === null ? undefined : await getPhoneLine(ctx.db, call.phone_line_id);
  return {
    call,
    lineNumber: line?.number ?? null,
    recordings: await liveRecordingsOfCalls(ctx.db, [call.id]),
    pending: (await callsWithPendingFetch(ctx.db, [call.id])).length > 0,
  };
}

import type { Ctx } from '../../context.ts';
import { closeSolvedTicketRow, deleteUnusedUploads } from '../../db/queries/erasure.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';

// The retention actions that are not erasures: closing solved tickets and dropping uploads
// nobody used. The sweeps call them; each re-checks its condition in its own write.

/** Days an upload may wait to be used in a comment before it is deleted. */
export const UNUSED_UPLOAD_DAYS = 3;

/** Closes a solved ticket if it is still solved (and active) and was solved before `solvedBefore`. */
export async function closeSolvedTicket(ctx: Ctx, ticketId: number, solvedBefore: string): Promise<boolean> {
  authorize(canAdminister(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    const closed = await closeSolvedTicketRow(trx, ticketId, solvedBefore, ctx.now().toISOString());
    if (closed) {
      await recordEvent(ctx, trx, { action: 'ticket.closed', subjectType: 'ticket', subjectId: ticketId, details: { cause: 'solved_to_closed' } });
    }
    return closed;
  });
}

/** Deletes these uploads if they are still unused and were made before `cutoff`; returns the ids deleted. */
export async function expireUnusedUploads(ctx: Ctx, ids: number[], cutoff: string): Promise<number[]> {
  authorize(canAdminister(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    const gone = await deleteUnusedUploads(trx, ids, cutoff);
    if (gone.length) {
      await recordEvent(ctx, trx, { action: 'uploads.expired', subjectType: 'attachment', subjectId: null, details: { count: gone.length, ids: gone } });
    }
    return gone;
  });
}

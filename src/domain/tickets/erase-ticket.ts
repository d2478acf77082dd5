import type { Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { ticketForErasure, unerasedReferencing, userForErasure } from '../../db/queries/erasure.ts';
import { notFound } from '../../errors.ts';
import { authorize, canDeleteTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { assertMapCoversSchema, eraseRow, eraseRows, type ErasureCounts } from '../erasure/walker.ts';
import { checkpointAfter } from '../redaction/common.ts';

export interface EraseTicketInput extends EraseTicketOptions {
  ticketId: number;
}

export interface EraseTicketOptions {
  /** The view it is erased from: it must be there now (a live ticket is deleted first). */
  from: 'deleted' | 'spam';
  /** For sweeps: only if it entered that view before this moment, re-checked in the transaction. */
  changedBefore?: string;
  /** For sweeps: leave it while its requester is a deleted contact (it goes with their erasure). */
  unlessRequesterDeleted?: boolean;
}

/**
 * Erases tickets to their tombstones inside the caller's transaction, following the erasure
 * map: comments, attachments, tags, CCs and audits go; the rows keep only the fields of
 * docs/lifecycle.md. Tickets already erased are left as they are (and locked with the rest
 * where the database can). The counts are the batch's.
 */
export async function eraseTicketsInTransaction(ctx: Ctx, trx: Transaction<Database>, ticketIds: readonly number[]): Promise<ErasureCounts> {
  if (!ticketIds.length) return {};
  const ids = await unerasedReferencing(trx, ctx.caps, { table: 'tickets', column: 'id', ids: ticketIds, marker: 'erased_at', limit: ticketIds.length, lock: ctx.caps.rowLocks });
  return eraseRows(ctx, trx, 'tickets', ids);
}

/** Erases one ticket (eraseTicketsInTransaction); not found when it does not exist. */
export async function eraseTicketInTransaction(ctx: Ctx, trx: Transaction<Database>, ticketId: number): Promise<ErasureCounts> {
  const t = await ticketForErasure(trx, ticketId, ctx.caps.rowLocks);
  if (!t) throw notFound();
  if (t.erased_at) return {};
  return eraseRow(ctx, trx, 'tickets', ticketId);
}

/** Permanently deletes a ticket from Deleted tickets or Spam (Delete Forever). Null when a sweep's condition no longer holds. */
export async function eraseTicket(ctx: Ctx, { ticketId, ...opts }: EraseTicketInput): Promise<ErasureCounts | null> {
  authorize(canDeleteTickets(ctx.actor!));
  await assertMapCoversSchema(ctx);
  const erased = await ctx.db.transaction().execute(async (trx) => {
    const t = await ticketForErasure(trx, ticketId, ctx.caps.rowLocks);
    if (!t || t.state !== opts.from) throw notFound();
    if (opts.changedBefore && !(t.state_changed_at && t.state_changed_at < opts.changedBefore)) return null;
    if (opts.unlessRequesterDeleted) {
      const requester = await userForErasure(trx, t.requester_id, false);
      if (requester?.deleted_at) return null;
    }
    const counts = await eraseRow(ctx, trx, 'tickets', ticketId);
    await recordEvent(ctx, trx, {
      action: 'ticket.erased',
      subjectType: 'ticket',
      subjectId: ticketId,
      details: { from: opts.from, ...withoutSelf(counts, 'tickets') },
    });
    return counts;
  });
  // The erased bytes leave the write-ahead log too (docs/erasure-proof.md); a busy one is logged.
  if (erased) await checkpointAfter(ctx, 'ticket.erased', { ticket_id: ticketId });
  return erased;
}

/** The rows deleted under the ticket, without the ticket's own tombstone count. */
function withoutSelf(counts: ErasureCounts, table: string): ErasureCounts {
  const { [table]: _self, ...rest } = counts;
  return rest;
}

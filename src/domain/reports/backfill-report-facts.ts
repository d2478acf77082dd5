import type { Ctx } from '../../context.ts';
import { syncTicketFacts, ticketIdsAfter } from '../../db/queries/reports-facts.ts';
import { authorize, canAdminister } from '../policy.ts';

/** Tickets per transaction: short transactions, so serving goes on during a large backfill. */
const BATCH = 500;

/**
 * Gives every ticket its report fact and rollup share (`oubli reports-backfill`, for
 * databases that had tickets before migration 2026-12-02-040). The same sync every write
 * runs, so it is exact, and idempotent: a ticket already in step adds nothing, and a run
 * stopped halfway is finished by the next. Returns how many tickets it looked at.
 */
export async function backfillReportFacts(ctx: Ctx): Promise<number> {
  authorize(canAdminister(ctx.actor!));
  let seen = 0;
  for (let afterId = 0; ; ) {
    const ids = await ticketIdsAfter(ctx.db, afterId, BATCH);
    if (!ids.length) return seen;
    await ctx.db.transaction().execute((trx) => syncTicketFacts(trx, ids));
    seen += ids.length;
    afterId = ids[ids.length - 1]!;
  }
}

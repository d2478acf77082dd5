import type { Ctx } from '../../context.ts';
import { ticketsChanged } from '../../db/queries/incremental.ts';
import { collaboratorsOfTickets, type TicketRow } from '../../db/queries/tickets.ts';
import { authorize, canAdminister } from '../policy.ts';
import { readExportPage, type ExportRequest, type ExportResult } from './read-export.ts';
import { recordExportPage } from './record-export.ts';

export interface ReadTicketExportInput {
  request: ExportRequest;
  /** Leave out tickets in Deleted tickets and Spam (restorable); tombstones of erased tickets stay. */
  excludeDeleted: boolean;
}

/**
 * One page of the incremental ticket export (time- or cursor-based), tombstones included so a
 * copy learns of an erasure. Admins only, as in Zendesk. The people the page names — requester,
 * submitter, assignee and CCs — are noted in the erasure ledger against the reader first.
 */
export async function readTicketExport(ctx: Ctx, input: ReadTicketExportInput): Promise<ExportResult<TicketRow>> {
  authorize(canAdminister(ctx.actor!));
  const result = await readExportPage(ctx, { fetch: (w) => ticketsChanged(ctx.db, w, input.excludeDeleted), at: (t) => t.updated_at }, input.request);
  const rows = result.page.rows;
  const ccs = await collaboratorsOfTickets(ctx.db, rows.map((t) => t.id));
  await recordExportPage(ctx, [...rows.flatMap((t) => [t.requester_id, t.submitter_id, t.assignee_id]), ...ccs.map((c) => c.user_id)]);
  return result;
}

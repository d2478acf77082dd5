import type { Ctx } from '../../context.ts';
import type { BulkTicketChanges } from '../../shared/tickets.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { checkReferences, normalizeTags } from './ticket-rules.ts';

export interface CheckBulkUpdateInput {
  changes: BulkTicketChanges;
}

/**
 * Refuses a bulk update that would fail on every ticket alike (an assignee who is no agent,
 * a group that does not exist, a tag too long) before its job is queued, with the 422 a
 * single update gives. What depends on each ticket (closed, in Spam, deleted) is decided
 * per ticket by the job and reported in its results.
 */
export async function checkBulkUpdate(ctx: Ctx, { changes }: CheckBulkUpdateInput): Promise<void> {
  authorize(canWorkTickets(ctx.actor!));
  for (const list of [changes.tags, changes.additional_tags, changes.remove_tags]) if (list) normalizeTags(list);
  await checkReferences(ctx.db, changes);
}

import type { Ctx } from '../../context.ts';
import { idsNotInState } from '../../db/queries/tickets.ts';
import { invalidField } from '../../errors.ts';
import { authorize, canDeleteTickets } from '../policy.ts';
import { restoreInTransaction } from './restore-ticket.ts';

export interface RestoreTicketsInput {
  ticketIds: number[];
}

/**
 * Restores several deleted tickets at once, all or nothing (Zendesk answers restore_many
 * synchronously): if one of them is not in Deleted tickets, none is restored.
 */
export async function restoreTickets(ctx: Ctx, { ticketIds: ids }: RestoreTicketsInput): Promise<void> {
  authorize(canDeleteTickets(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const missing = await idsNotInState(trx, ids, 'deleted');
    if (missing.length) {
      throw invalidField('ids', `Not in Deleted tickets: ${missing.join(', ')}. Nothing was restored.`);
    }
    for (const id of ids) {
      if (!(await restoreInTransaction(ctx, trx, id))) {
        throw invalidField('ids', `Not in Deleted tickets: ${id}. Nothing was restored.`);
      }
    }
  });
}

import type { Ctx } from '../../context.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { deleteDraft } from '../../db/queries/workspace.ts';
import { notFound } from '../../errors.ts';
import { authorize, canWorkTickets, ticketShown } from '../policy.ts';

/** Deletes the signed-in agent's draft for a ticket (DELETE /tickets/{id}/draft); none is fine. */
export async function discardDraft(ctx: Ctx, { ticketId }: { ticketId: number }): Promise<void> {
  const actor = ctx.actor!;
  authorize(canWorkTickets(actor));
  const t = await getTicket(ctx.db, ticketId);
  if (!t || !ticketShown(t.state)) throw notFound();
  await deleteDraft(ctx.db, ticketId, actor.id);
}

import type { Ctx } from '../../context.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { upsertDraft } from '../../db/queries/workspace.ts';
import { notFound } from '../../errors.ts';
import type { DraftInput } from '../../shared/drafts.ts';
import { authorize, canWorkTickets, ticketShown } from '../policy.ts';
import { assertEditable } from '../tickets/ticket-rules.ts';

/**
 * Keeps the signed-in agent's unsent reply to a ticket (PUT /tickets/{id}/draft), replacing
 * the one before: one per agent and ticket. Only where a reply could be sent (not a closed
 * or spam ticket). No audit event: a draft is saved as the agent types, and says nothing
 * happened to the ticket.
 */
export async function saveDraft(ctx: Ctx, { ticketId, draft: input }: { ticketId: number; draft: DraftInput }): Promise<void> {
  const actor = ctx.actor!;
  authorize(canWorkTickets(actor));
  const t = await getTicket(ctx.db, ticketId);
  if (!t || !ticketShown(t.state)) throw notFound();
  assertEditable(t);
  const now = ctx.now().toISOString();
  await upsertDraft(ctx.db, {
    ticket_id: ticketId,
    user_id: actor.id,
    body: input.body,
    public: input.public ? 1 : 0,
    status: input.status ?? null,
    fields: JSON.stringify(input.fields),
    created_at: now,
    updated_at: now,
  });
}

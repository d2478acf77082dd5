import type { Ctx } from '../../context.ts';
import { getDraft, type DraftRow } from '../../db/queries/workspace.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { readTicket } from '../tickets/read-ticket.ts';

export type { DraftRow };

export interface ReadDraftInput {
  ticketId: number;
}

/** The actor's draft for a ticket they may see, or null when they have none (404 for a ticket they cannot see). */
export async function readDraft(ctx: Ctx, input: ReadDraftInput): Promise<DraftRow | null> {
  authorize(canWorkTickets(ctx.actor!));
  const t = await readTicket(ctx, { ticketId: input.ticketId });
  return (await getDraft(ctx.db, t.id, ctx.actor!.id)) ?? null;
}

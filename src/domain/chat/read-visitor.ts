import type { Ctx } from '../../context.ts';
import { getVisitor, type VisitorRow } from '../../db/queries/chat-records.ts';
import { notFound } from '../../errors.ts';
import { authorize, canWorkTickets } from '../policy.ts';

/** One visitor; 404 when there is none. */
export async function readVisitor(ctx: Ctx, input: { visitorId: number }): Promise<VisitorRow> {
  authorize(canWorkTickets(ctx.actor!));
  const v = await getVisitor(ctx.db, input.visitorId);
  if (!v) throw notFound();
  return v;
}

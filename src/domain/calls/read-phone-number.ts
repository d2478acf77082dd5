import type { Ctx } from '../../context.ts';
import { getPhoneLine } from '../../db/queries/calls.ts';
import { notFound } from '../../errors.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import type { PhoneLineRow } from './phone-line-rules.ts';

/** One phone line; 404 when unknown. */
export async function readPhoneNumber(ctx: Ctx, input: { id: number }): Promise<PhoneLineRow> {
  authorize(canWorkTickets(ctx.actor!));
  const line = await getPhoneLine(ctx.db, input.id);
  if (!line) throw notFound();
  return line;
}

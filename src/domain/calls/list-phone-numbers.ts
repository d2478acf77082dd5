import type { Ctx } from '../../context.ts';
import { listPhoneLines } from '../../db/queries/calls.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import type { PhoneLineRow } from './phone-line-rules.ts';

/** Every phone line of the account. */
export async function listPhoneNumbers(ctx: Ctx, _input: Record<string, never>): Promise<PhoneLineRow[]> {
  authorize(canWorkTickets(ctx.actor!));
  return listPhoneLines(ctx.db);
}

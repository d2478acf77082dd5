import type { Ctx } from '../../context.ts';
import { insertPhoneLine } from '../../db/queries/calls.ts';
import { invalidField } from '../../errors.ts';
import type { PhoneNumberWrite } from '../../shared/calls.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { taken } from './phone-line-rules.ts';
import { e164 } from './record-call.ts';

/** A new phone line (admins). */
export async function createPhoneNumber(ctx: Ctx, input: PhoneNumberWrite): Promise<number> {
  authorize(canAdminister(ctx.actor!));
  if (!input.number) throw invalidField('number', 'is required.');
  const number = e164(input.number, 'number');
  const now = ctx.now().toISOString();
  return ctx.db
    .transaction()
    .execute(async (trx) => {
      const id = await insertPhoneLine(trx, { number, nickname: input.nickname ?? null, recording_retention_days: input.recording_retention_days ?? null, created_at: now, updated_at: now });
      await recordEvent(ctx, trx, { action: 'phone_line.created', subjectType: 'phone_line', subjectId: id, details: { recording_retention_days: input.recording_retention_days ?? null } });
      return id;
    })
    .catch(taken);
}

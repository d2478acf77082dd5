import type { Ctx } from '../../context.ts';
import { updatePhoneLine } from '../../db/queries/calls.ts';
import { notFound } from '../../errors.ts';
import type { PhoneNumberWrite } from '../../shared/calls.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { taken } from './phone-line-rules.ts';
import { e164 } from './record-call.ts';

/**
 * Changes a phone line (admins). A new retention applies to the line's existing recordings
 * too: the next sweep deletes those older than the new number of days.
 */
export async function updatePhoneNumber(ctx: Ctx, input: { id: number; changes: PhoneNumberWrite }): Promise<void> {
  authorize(canAdminister(ctx.actor!));
  const c = input.changes;
  const set: Record<string, unknown> = { updated_at: ctx.now().toISOString() };
  if (c.number !== undefined) set.number = e164(c.number, 'number');
  if (c.nickname !== undefined) set.nickname = c.nickname;
  if (c.recording_retention_days !== undefined) set.recording_retention_days = c.recording_retention_days;
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      if (!(await updatePhoneLine(trx, input.id, set))) throw notFound();
      await recordEvent(ctx, trx, {
        action: 'phone_line.updated',
        subjectType: 'phone_line',
        subjectId: input.id,
        details: { fields: Object.keys(set).filter((k) => k !== 'updated_at'), ...(c.recording_retention_days !== undefined ? { recording_retention_days: c.recording_retention_days } : {}) },
      });
    })
    .catch(taken);
}

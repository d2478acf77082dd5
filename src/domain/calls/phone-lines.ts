import type { Ctx } from '../../context.ts';
import { getPhoneLine, insertPhoneLine, listPhoneLines, updatePhoneLine } from '../../db/queries/calls.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField, notFound } from '../../errors.ts';
import type { PhoneNumberWrite } from '../../shared/calls.ts';
import { authorize, canAdminister, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { e164 } from './record-call.ts';

// Phone lines: the account's own numbers (not a customer's data), each with how many days its
// recordings are kept. Staff read them; admins create and change them (docs/calls.md).

export type PhoneLineRow = NonNullable<Awaited<ReturnType<typeof getPhoneLine>>>;

/** Every phone line of the account. */
export async function listPhoneNumbers(ctx: Ctx): Promise<PhoneLineRow[]> {
  authorize(canWorkTickets(ctx.actor!));
  return listPhoneLines(ctx.db);
}

/** One phone line; 404 when unknown. */
export async function readPhoneNumber(ctx: Ctx, input: { id: number }): Promise<PhoneLineRow> {
  authorize(canWorkTickets(ctx.actor!));
  const line = await getPhoneLine(ctx.db, input.id);
  if (!line) throw notFound();
  return line;
}

function taken(err: unknown): never {
  if (isUniqueViolation(err)) throw invalidField('number', 'is already a phone number of this account.');
  throw err;
}

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

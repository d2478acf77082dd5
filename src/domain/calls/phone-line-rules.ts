import type { getPhoneLine } from '../../db/queries/calls.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField } from '../../errors.ts';

// Phone lines: the account's own numbers (not a customer's data), each with how many days its
// recordings are kept. Staff read them; admins create and change them (docs/calls.md).

/** A phone line as stored. */
export type PhoneLineRow = NonNullable<Awaited<ReturnType<typeof getPhoneLine>>>;

/** A unique-number violation as the 422 it is; any other error as it was. */
export function taken(err: unknown): never {
  if (isUniqueViolation(err)) throw invalidField('number', 'is already a phone number of this account.');
  throw err;
}

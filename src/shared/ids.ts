import { z } from 'zod';

// What an id is, everywhere an id arrives (path, query, body, search query): a whole number
// from 1 to the largest value of the id columns. Ids are PostgreSQL `integer` (serial), so
// 2147483648 would not be "no such row" but an overflow error there; SQLite would simply
// find nothing. One bound here makes both answer the same.

/** The largest id any table can hold: 2^31 - 1, PostgreSQL's `integer`. */
export const MAX_ID = 2_147_483_647;

/** The words every id error uses. */
export const ID_RULE = `a whole number from 1 to ${MAX_ID}`;

/** An id in a JSON body. */
export const IdSchema = z
  .number({ error: `must be an id (${ID_RULE})` })
  .int(`must be an id (${ID_RULE})`)
  .min(1, `must be an id (${ID_RULE})`)
  .max(MAX_ID, `must be an id (${ID_RULE})`);

/** True when the text of a path or query parameter is an id: digits only, no sign, no leading zero, in range. */
export function isIdText(s: string): boolean {
  return /^[1-9]\d{0,9}$/.test(s) && Number(s) <= MAX_ID;
}

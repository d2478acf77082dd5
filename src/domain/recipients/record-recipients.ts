import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Ctx } from '../../context.ts';
import { upsertRecipients, type RecipientRef } from '../../db/queries/recipients.ts';

export type { RecipientRef } from '../../db/queries/recipients.ts';

/**
 * Records in the erasure ledger (docs/webhooks.md "Who was told") that `recipient` was handed data about each of
 * `userIds`. Called where the data leaves: a webhook delivery, a mail sent, an export read.
 * The ledger keeps ids and the recipient's identifier only. Ids of stubs and of nobody (0)
 * are harmless: an erased person's stub has nothing left to hand out.
 */
export async function recordRecipients(
  ctx: Ctx,
  db: Kysely<Database>,
  input: { userIds: readonly number[]; recipient: RecipientRef },
): Promise<void> {
  const ids = input.userIds.filter((id) => Number.isInteger(id) && id > 0);
  if (ids.length === 0) return;
  await upsertRecipients(db, ids, input.recipient, ctx.now().toISOString());
}

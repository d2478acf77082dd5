import { sql, type Kysely } from 'kysely';
import type { Database, RecipientKind } from '../schema.ts';

/** One recipient, as the ledger spells it (src/domain/recipients/record-recipients.ts). */
export interface RecipientRef {
  kind: RecipientKind;
  recipientKey: string;
  recipientUserId?: number | null;
  apiTokenId?: number | null;
  webhookId?: number | null;
}

/**
 * Notes that `recipient` received data about each of `userIds` at `at`: one row per person
 * and recipient, its count and last time bumped when it is already there. Set-based, so a
 * page of 1,000 exported tickets costs one statement per 500 people.
 */
export async function upsertRecipients(db: Kysely<Database>, userIds: readonly number[], recipient: RecipientRef, at: string): Promise<void> {
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = unique.slice(i, i + 500).map((userId) => ({
      user_id: userId,
      kind: recipient.kind,
      recipient_key: recipient.recipientKey,
      recipient_user_id: recipient.recipientUserId ?? null,
      api_token_id: recipient.apiTokenId ?? null,
      webhook_id: recipient.webhookId ?? null,
      first_at: at,
      last_at: at,
    }));
    await db
      .insertInto('data_recipients')
      .values(rows)
      .onConflict((oc) => oc.columns(['user_id', 'kind', 'recipient_key']).doUpdateSet({ last_at: at, times: sql`data_recipients.times + 1` }))
      .execute();
  }
}

/** Every recipient of a person's data, oldest first. */
export async function recipientsOf(db: Kysely<Database>, userId: number) {
  return db.selectFrom('data_recipients').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

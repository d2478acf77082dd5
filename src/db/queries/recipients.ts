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

/** A person's machine recipients (webhooks, API tokens): those her erasure notifies. */
export async function machineRecipientsOf(db: Kysely<Database>, userId: number) {
  return db.selectFrom('data_recipients').selectAll().where('user_id', '=', userId).where('kind', 'in', ['webhook', 'incremental_export']).orderBy('id').execute();
}

/** Marks ledger rows as told of the erasure, at `at` (the first time only). */
export async function markRecipientsNotified(db: Kysely<Database>, ids: readonly number[], at: string): Promise<void> {
  if (ids.length) await db.updateTable('data_recipients').set({ notified_at: at }).where('id', 'in', [...ids]).where('notified_at', 'is', null).execute();
}

/** Marks a notified ledger row acknowledged (the first answer counts); false if it was not pending. */
export async function acknowledgeRecipient(db: Kysely<Database>, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('data_recipients').set({ acknowledged_at: at }).where('id', '=', id).where('notified_at', 'is not', null).where('acknowledged_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getRecipient(db: Kysely<Database>, id: number) {
  return db.selectFrom('data_recipients').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Notifications to API-token consumers not yet acknowledged, ascending by id; of these tokens only when given. */
export async function pendingTokenNotifications(db: Kysely<Database>, tokenIds: readonly number[] | null, page: { limit: number; afterId?: number }) {
  let q = db
    .selectFrom('data_recipients')
    .select(['id', 'user_id', 'api_token_id', 'notified_at'])
    .where('kind', '=', 'incremental_export')
    .where('notified_at', 'is not', null)
    .where('acknowledged_at', 'is', null);
  if (tokenIds) q = tokenIds.length ? q.where('api_token_id', 'in', [...tokenIds]) : q.where(sql<boolean>`1 = 0`);
  if (page.afterId !== undefined) q = q.where('id', '>', page.afterId);
  return q.orderBy('id').limit(page.limit).execute();
}

/** The API tokens a person holds. */
export async function tokenIdsOfUser(db: Kysely<Database>, userId: number): Promise<number[]> {
  return (await db.selectFrom('api_tokens').select('id').where('user_id', '=', userId).execute()).map((r) => r.id);
}

/** The people a ticket is about: requester, submitter, assignee and those copied. */
export async function peopleOfTicket(db: Kysely<Database>, ticketId: number): Promise<number[]> {
  const t = await db.selectFrom('tickets').select(['requester_id', 'submitter_id', 'assignee_id']).where('id', '=', ticketId).executeTakeFirst();
  if (!t) return [];
  const ccs = await db.selectFrom('ticket_collaborators').select('user_id').where('ticket_id', '=', ticketId).execute();
  return [...new Set([t.requester_id, t.submitter_id, t.assignee_id, ...ccs.map((c) => c.user_id)].filter((id): id is number => typeof id === 'number'))];
}

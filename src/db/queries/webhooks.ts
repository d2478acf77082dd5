import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, WebhookInvocationsTable, WebhooksTable } from '../schema.ts';
import { fetchPage, type PageOpts } from './paging.ts';

// Webhooks and their outbox / invocation log (docs/webhooks.md).

export async function insertWebhook(db: Kysely<Database>, row: Insertable<WebhooksTable>): Promise<number> {
  return (await db.insertInto('webhooks').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getWebhook(db: Kysely<Database>, id: number) {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listWebhookRows(db: Kysely<Database>, page: PageOpts) {
  return fetchPage(db.selectFrom('webhooks').selectAll(), 'id', page);
}

export async function countWebhooks(db: Kysely<Database>): Promise<number> {
  return Number((await db.selectFrom('webhooks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

export async function updateWebhookRow(db: Kysely<Database>, id: number, patch: Updateable<WebhooksTable>): Promise<void> {
  await db.updateTable('webhooks').set(patch).where('id', '=', id).execute();
}

/** Deletes a webhook with its queue and invocation log. */
export async function deleteWebhookRow(db: Kysely<Database>, id: number): Promise<number> {
  const r = await db.deleteFrom('webhook_invocations').where('webhook_id', '=', id).executeTakeFirst();
  await db.deleteFrom('webhooks').where('id', '=', id).execute();
  return Number(r.numDeletedRows);
}

/** Active webhooks with their subscriptions (a handful: read on each audit event that maps to an event type). */
export async function activeWebhooks(db: Kysely<Database>) {
  return db.selectFrom('webhooks').select(['id', 'subscriptions']).where('status', '=', 'active').orderBy('id').execute();
}

export async function insertInvocations(db: Kysely<Database>, rows: Insertable<WebhookInvocationsTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('webhook_invocations').values(rows).execute();
}

/** Webhooks that already have an erasure notice about this subject queued (so the subscription does not send a second). */
export async function noticeWebhooksOf(db: Kysely<Database>, eventType: string, subjectId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('webhook_invocations')
    .select('webhook_id')
    .where('subject_type', '=', 'user')
    .where('subject_id', '=', subjectId)
    .where('event_type', '=', eventType)
    .where('ledger_id', 'is not', null)
    .execute();
  return rows.map((r) => r.webhook_id);
}

/** Queued invocations due now, oldest first. */
export async function dueInvocations(db: Kysely<Database>, now: string, limit: number) {
  return db
    .selectFrom('webhook_invocations')
    .selectAll()
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Moves a due invocation's next attempt forward, only if no other server did: the claim. */
export async function claimInvocation(db: Kysely<Database>, id: number, seenAt: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('webhook_invocations')
    .set({ next_attempt_at: until })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('next_attempt_at', '=', seenAt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getInvocation(db: Kysely<Database>, id: number) {
  return db.selectFrom('webhook_invocations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getInvocationByKey(db: Kysely<Database>, webhookId: number, key: string) {
  return db.selectFrom('webhook_invocations').selectAll().where('webhook_id', '=', webhookId).where('invocation_key', '=', key).executeTakeFirst();
}

export async function updateInvocation(db: Kysely<Database>, id: number, patch: Updateable<WebhookInvocationsTable>): Promise<void> {
  await db.updateTable('webhook_invocations').set(patch).where('id', '=', id).execute();
}

export async function listInvocationRows(db: Kysely<Database>, webhookId: number, page: PageOpts) {
  return fetchPage(db.selectFrom('webhook_invocations').selectAll().where('webhook_id', '=', webhookId), 'id', page);
}

export async function countInvocations(db: Kysely<Database>, webhookId: number): Promise<number> {
  return Number((await db.selectFrom('webhook_invocations').select((eb) => eb.fn.countAll<number>().as('n')).where('webhook_id', '=', webhookId).executeTakeFirstOrThrow()).n);
}

/** Deletes up to `limit` invocations created before `before` (the 7-day retention); returns how many. */
export async function purgeInvocationsBefore(db: Kysely<Database>, before: string, limit: number): Promise<number> {
  const ids = (await db.selectFrom('webhook_invocations').select('id').where('created_at', '<', before).orderBy('id').limit(limit).execute()).map((r) => r.id);
  if (!ids.length) return 0;
  return Number((await db.deleteFrom('webhook_invocations').where('id', 'in', ids).where('created_at', '<', before).executeTakeFirst()).numDeletedRows);
}

/** Ids of up to `limit` invocations created before `before`: what the 7-day sweep should have removed (the watchdog). */
export async function invocationIdsBefore(db: Kysely<Database>, before: string, limit: number): Promise<number[]> {
  return (await db.selectFrom('webhook_invocations').select('id').where('created_at', '<', before).orderBy('id').limit(limit).execute()).map((r) => r.id);
}

export async function countInvocationsBefore(db: Kysely<Database>, before: string): Promise<number> {
  return Number((await db.selectFrom('webhook_invocations').select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '<', before).executeTakeFirstOrThrow()).n);
}

/** Blanks the bodies logged for a ticket (a redaction on it: the log must not keep the old text). */
export async function blankInvocationBodiesOfTicket(db: Kysely<Database>, ticketId: number): Promise<number> {
  return Number((await db.updateTable('webhook_invocations').set({ body: null }).where('ticket_id', '=', ticketId).where('body', 'is not', null).executeTakeFirst()).numUpdatedRows);
}

/** Blanks the bodies logged for a person (a profile redaction). */
export async function blankInvocationBodiesOfUser(db: Kysely<Database>, userId: number): Promise<number> {
  return Number((await db.updateTable('webhook_invocations').set({ body: null }).where('user_id', '=', userId).where('body', 'is not', null).executeTakeFirst()).numUpdatedRows);
}

/** Blanks the bodies logged about one subject (an organization's redaction). */
export async function blankInvocationBodiesOfSubject(db: Kysely<Database>, subjectType: string, subjectId: number): Promise<number> {
  return Number((await db.updateTable('webhook_invocations').set({ body: null }).where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).where('body', 'is not', null).executeTakeFirst()).numUpdatedRows);
}

// ---- What a body is built from --------------------------------------------------------

export async function userForWebhook(db: Kysely<Database>, id: number) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'external_id', 'created_at', 'updated_at', 'deleted_at', 'erasing_since', 'erased_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!user) return undefined;
  const email = await db
    .selectFrom('identities')
    .select('value')
    .where('user_id', '=', id)
    .where('type', '=', 'email')
    .where('released', '=', 0)
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  const org = await db.selectFrom('organization_memberships').select('organization_id').where('user_id', '=', id).orderBy('id').executeTakeFirst();
  return { ...user, email: email?.value ?? null, organization_id: org?.organization_id ?? null };
}

export async function ticketForWebhook(db: Kysely<Database>, id: number) {
  const ticket = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!ticket) return undefined;
  const ccs = await db.selectFrom('ticket_collaborators').select('user_id').where('ticket_id', '=', id).orderBy('user_id').execute();
  const tags = await db.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', id).orderBy('tag').execute();
  return { ...ticket, collaborator_ids: ccs.map((c) => c.user_id), tags: tags.map((t) => t.tag) };
}

export async function organizationForWebhook(db: Kysely<Database>, id: number) {
  return db.selectFrom('organizations').select(['id', 'name', 'external_id', 'created_at', 'updated_at']).where('id', '=', id).executeTakeFirst();
}

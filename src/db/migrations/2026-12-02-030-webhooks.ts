import type { Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// Webhooks (docs/webhooks.md), with Zendesk's shapes. `webhooks` holds the endpoint and its
// signing secret. `webhook_invocations` is both the durable outbox and the invocation log: a
// row is queued in the transaction of the action that caused it (src/domain/events.ts), the
// deliverer claims it, builds the body from the data as it is at that moment and records
// each attempt; the body last sent stays on the row for the invocation log, 7 days at most
// (the sweep). user_id and ticket_id name whom the body is about, so that an erasure takes
// the row with it; erasure notices name their subject by id only and reference nobody.

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  const id = (t: ReturnType<typeof db.schema.createTable>) =>
    caps.idType === 'serial' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await id(db.schema.createTable('webhooks'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('http_method', 'text', (c) => c.notNull())
    .addColumn('request_format', 'text', (c) => c.notNull())
    // active | inactive
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON array of event types, `zen:event-type:user.deleted`, …
    .addColumn('subscriptions', 'text', (c) => c.notNull())
    // null | basic_auth | bearer_token, and its credentials as JSON (never shown back).
    .addColumn('auth_type', 'text')
    .addColumn('auth_data', 'text')
    .addColumn('signing_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Every action that stands for an event reads the active webhooks: a lookup, not a scan.
  await db.schema.createIndex('webhooks_status').on('webhooks').columns(['status', 'id']).execute();

  await id(db.schema.createTable('webhook_invocations'))
    .addColumn('webhook_id', 'integer', (c) => c.notNull())
    // The invocation id a receiver sees (x-zendesk-webhook-invocation-id): the same on every retry.
    .addColumn('invocation_key', 'text', (c) => c.notNull())
    // The envelope's `id`.
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer')
    // Whom the body is about: the erasure of that person or ticket deletes the row.
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id'))
    // An erasure notice (the ledger, docs/webhooks.md "Who was told"): the data_recipients row a 2xx acknowledges.
    .addColumn('ledger_id', 'integer')
    // The envelope's `event`, as the action recorded it: ids and states only.
    .addColumn('event_data', 'text', (c) => c.notNull())
    .addColumn('event_time', 'text', (c) => c.notNull())
    // queued | succeeded | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    // JSON array of attempts: times, status codes and fixed error words, never the remote's text.
    .addColumn('attempt_log', 'text', (c) => c.notNull())
    // The body last sent (personal data): the invocation log, 7 days at most.
    .addColumn('body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('webhook_invocations_key').on('webhook_invocations').columns(['invocation_key']).unique().execute();
  await db.schema.createIndex('webhook_invocations_due').on('webhook_invocations').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_invocations_webhook').on('webhook_invocations').columns(['webhook_id', 'id']).execute();
  await db.schema.createIndex('webhook_invocations_user').on('webhook_invocations').columns(['user_id']).execute();
  await db.schema.createIndex('webhook_invocations_ticket').on('webhook_invocations').columns(['ticket_id']).execute();
  await db.schema.createIndex('webhook_invocations_subject').on('webhook_invocations').columns(['subject_type', 'subject_id']).execute();
  // The erasure notifications API-token consumers have not acknowledged (the ledger of migration 011).
  await db.schema.createIndex('data_recipients_pending').on('data_recipients').columns(['kind', 'acknowledged_at', 'id']).execute();
  await db.schema.createIndex('webhook_invocations_created').on('webhook_invocations').columns(['created_at']).execute();
}

import type { Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// The erasure ledger (docs/webhooks.md "Who was told"): one row per person and
// recipient her data was handed to — a webhook endpoint, a mail recipient, whoever took her
// right-of-access export, an API token that pulled her through an incremental export. Ids and
// recipient identifiers only, never what was sent. The row survives her erasure pointing at
// her stub, so the erasure can notify the machine recipients and the certificate can count
// them; notified_at and acknowledged_at track that notification.

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  let t = db.schema.createTable('data_recipients');
  t = caps.idType === 'serial' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await t
    // Whose data was handed out.
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    // webhook | mail | access_export | incremental_export
    .addColumn('kind', 'text', (c) => c.notNull())
    // One fixed spelling per recipient, for the unique key: `webhook:12`, `user:45`, `token:3`.
    .addColumn('recipient_key', 'text', (c) => c.notNull())
    // The recipient itself, by id, so that its own erasure or deletion reaches the row.
    .addColumn('recipient_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('api_token_id', 'integer')
    .addColumn('webhook_id', 'integer')
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('times', 'integer', (c) => c.notNull().defaultTo(1))
    // Set when her erasure told this recipient (machine recipients only), and when it answered.
    .addColumn('notified_at', 'text')
    .addColumn('acknowledged_at', 'text')
    .execute();
  await db.schema.createIndex('data_recipients_key').on('data_recipients').columns(['user_id', 'kind', 'recipient_key']).unique().execute();
  await db.schema.createIndex('data_recipients_recipient_user').on('data_recipients').columns(['recipient_user_id']).execute();
  await db.schema.createIndex('data_recipients_token').on('data_recipients').columns(['api_token_id']).execute();
  await db.schema.createIndex('data_recipients_webhook').on('data_recipients').columns(['webhook_id']).execute();
}

import type { Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.
//
// Reports (docs/reports.md): `ticket_facts`, one non-personal row per ticket, and
// `report_daily`, its sums per UTC day × channel × group. Both are written by the same
// transaction as the ticket change they count (src/db/queries/reports-facts.ts), so an
// erasure reaches them in the same commit, and they hold no value that names a person:
// no requester or assignee, no text. Tickets that exist before this migration get their
// facts from `oubli reports-backfill` (idempotent; docs/reports.md "Backfill").

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_facts')
    .addColumn('ticket_id', 'integer', (c) => c.primaryKey().references('tickets.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    // No foreign key: deleting a group must not touch history (the fact keeps the id it had).
    .addColumn('group_id', 'integer')
    .addColumn('brand_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_spam', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted_at', 'text')
    .addColumn('erased_at', 'text')
    .addColumn('first_reply_at', 'text')
    .addColumn('first_reply_minutes', 'integer')
    .addColumn('solved_at', 'text')
    .addColumn('resolution_minutes', 'integer')
    .addColumn('csat_score', 'text')
    .addColumn('csat_rated_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The percentile queries read one range of one of these times: covering indexes (every
  // column they filter on and read), so a year of a million tickets is one index range scan.
  await db.schema.createIndex('ticket_facts_created').on('ticket_facts').columns(['created_at', 'is_spam', 'group_id', 'first_reply_minutes']).execute();
  await db.schema.createIndex('ticket_facts_solved').on('ticket_facts').columns(['solved_at', 'is_spam', 'group_id', 'resolution_minutes']).execute();

  await db.schema
    .createTable('report_daily')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    // 0 for tickets without a group, so the primary key has no NULL in it.
    .addColumn('group_id', 'integer', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('solved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('spam', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_reply_minutes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('resolution_minutes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('csat_good', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('csat_bad', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('report_daily_pk', ['day', 'channel', 'group_id'])
    .execute();
}

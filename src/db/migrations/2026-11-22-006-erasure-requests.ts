import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
// Erasure requests (issue 4, docs/erasure-requests.md). The request row is the lasting
// record (its certificate); its search terms and matches are rows of their own, so that a
// contact with 70,000 tickets never puts an unbounded list in one row, and they are deleted
// when the person is erased (src/domain/erasure/map/erasure-requests.ts) or the request is
// cancelled. Match references to tickets, comments, attachments and raw messages carry no
// foreign key: those rows are removed by the erasure walker (which removes the matches
// first) and by redaction, and a constraint would only turn a redaction into an error.

type Builder = CreateTableBuilder<string, never>;

function withId(t: Builder, caps: DialectCaps): Builder {
  return caps.idType === 'serial'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  await withId(db.schema.createTable('erasure_requests'), caps)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('extended_until', 'text')
    .addColumn('extension_reason', 'text')
    .addColumn('opened_by_id', 'integer')
    .addColumn('executed_by_id', 'integer')
    .addColumn('job_id', 'text')
    // Where the background work stands, so that it resumes after a restart.
    .addColumn('plan_phase', 'text')
    .addColumn('plan_cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('plan_pass', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('exec_phase', 'text')
    .addColumn('exec_cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('execution_started_at', 'text')
    // Fixed-shape JSON objects of counts: no ids, no text.
    .addColumn('counts', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('verification', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('erased_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('erasure_requests_user').on('erasure_requests').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('erasure_requests_status').on('erasure_requests').columns(['status', 'id']).execute();

  await withId(db.schema.createTable('erasure_request_terms'), caps)
    .addColumn('request_id', 'integer', (c) => c.notNull().references('erasure_requests.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    // The form two terms are the same in (tokens, E.164, compact IBAN): one term per form.
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('plan_state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('erasure_request_terms_key').on('erasure_request_terms').columns(['request_id', 'value_key']).unique().execute();

  await withId(db.schema.createTable('erasure_request_matches'), caps)
    .addColumn('request_id', 'integer', (c) => c.notNull().references('erasure_requests.id'))
    .addColumn('term_id', 'integer', (c) => c.references('erasure_request_terms.id'))
    .addColumn('ticket_id', 'integer', (c) => c.notNull())
    .addColumn('comment_id', 'integer')
    .addColumn('attachment_id', 'integer')
    .addColumn('raw_message_id', 'integer')
    .addColumn('location', 'text', (c) => c.notNull())
    // The id of the row the term was found in (ticket, comment, attachment or raw message).
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('snippet', 'text')
    .addColumn('proposed_action', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('applied_action', 'text')
    .addColumn('applied_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // A re-plan finds the same places again: one match per term and place.
  await db.schema
    .createIndex('erasure_request_matches_place')
    .on('erasure_request_matches')
    .columns(['request_id', 'location', 'source_id', 'term_id'])
    .unique()
    .execute();
  // Requested tickets have no term: one row per ticket.
  await db.schema
    .createIndex('erasure_request_matches_requested')
    .on('erasure_request_matches')
    .columns(['request_id', 'ticket_id'])
    .unique()
    .where(sql.ref('location'), '=', 'requested_ticket')
    .execute();
  await db.schema.createIndex('erasure_request_matches_ticket_group').on('erasure_request_matches').columns(['request_id', 'ticket_id', 'id']).execute();
  await db.schema
    .createIndex('erasure_request_matches_decision')
    .on('erasure_request_matches')
    .columns(['request_id', 'decision', 'proposed_action'])
    .execute();
  await db.schema.createIndex('erasure_request_matches_list').on('erasure_request_matches').columns(['request_id', 'id']).execute();
  // The erasure walker finds matches by each reference it follows.
  await db.schema.createIndex('erasure_request_matches_term').on('erasure_request_matches').column('term_id').execute();
  await db.schema.createIndex('erasure_request_matches_ticket').on('erasure_request_matches').column('ticket_id').execute();
  await db.schema.createIndex('erasure_request_matches_comment').on('erasure_request_matches').column('comment_id').execute();
  await db.schema.createIndex('erasure_request_matches_attachment').on('erasure_request_matches').column('attachment_id').execute();
  await db.schema.createIndex('erasure_request_matches_raw').on('erasure_request_matches').column('raw_message_id').execute();
}

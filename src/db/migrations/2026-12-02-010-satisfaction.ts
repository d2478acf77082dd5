import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// Satisfaction (docs/satisfaction.md): CSAT ratings of solved tickets and NPS surveys.
//
// A *satisfaction rating* is one per ticket, made when the survey mail is queued (score
// `offered`), then rated `good` or `bad` by the requester from the link in the mail. The link's
// secret is kept only as its sha256 (`token_hash`), like a session. A *reason* is Zendesk's
// list of why a rating is bad. An *NPS survey* is a question an admin sends to the contacts
// matching a filter; each *recipient* row is also that survey's outbox (status, attempts) and
// holds the name and email copies Zendesk kept; a *response* is a score 0–10 and a comment,
// with the same copies. Erasure blanks comments, names, emails and link secrets, and keeps
// the scores (src/domain/erasure/map/satisfaction.ts).

type Builder = CreateTableBuilder<string, never>;

function withId(t: Builder, caps: DialectCaps): Builder {
  return caps.idType === 'serial'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  await withId(db.schema.createTable('satisfaction_reasons'), caps)
    .addColumn('reason_code', 'integer', (c) => c.notNull().unique())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('satisfaction_ratings'), caps)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().unique().references('tickets.id'))
    .addColumn('requester_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('assignee_id', 'integer', (c) => c.references('users.id'))
    .addColumn('group_id', 'integer', (c) => c.references('groups.id'))
    // offered | unoffered | good | bad
    .addColumn('score', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('reason_id', 'integer', (c) => c.references('satisfaction_reasons.id'))
    // sha256 hex of the survey link's secret; replaced each time the mail is rendered.
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('token_expires_at', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Set when the ticket or the requester was erased: the comment and the link are gone, the score stays.
    .addColumn('erased_at', 'text')
    .execute();
  await db.schema.createIndex('satisfaction_ratings_requester').on('satisfaction_ratings').columns(['requester_id']).execute();
  await db.schema.createIndex('satisfaction_ratings_assignee').on('satisfaction_ratings').columns(['assignee_id']).execute();
  await db.schema.createIndex('satisfaction_ratings_group').on('satisfaction_ratings').columns(['group_id']).execute();
  await db.schema.createIndex('satisfaction_ratings_reason').on('satisfaction_ratings').columns(['reason_id']).execute();
  await db.schema.createIndex('satisfaction_ratings_created').on('satisfaction_ratings').columns(['created_at', 'id']).execute();

  await withId(db.schema.createTable('nps_surveys'), caps)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    // JSON: which contacts receive it ({organization_id?, tag?}); ids and tag words only.
    .addColumn('filter', 'text', (c) => c.notNull())
    // draft | sent
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'integer', (c) => c.references('users.id'))
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('nps_surveys_created_by').on('nps_surveys').columns(['created_by_id']).execute();

  await withId(db.schema.createTable('nps_recipients'), caps)
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('nps_surveys.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    // Copies made when the survey was sent (Zendesk's recipients export has them).
    .addColumn('user_name', 'text')
    .addColumn('user_email', 'text')
    // queued | sent | skipped | failed: this table is the survey's outbox.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error_code', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('token_expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text')
    .execute();
  await db.schema.createIndex('nps_recipients_survey').on('nps_recipients').columns(['survey_id', 'user_id']).unique().execute();
  await db.schema.createIndex('nps_recipients_user').on('nps_recipients').columns(['user_id']).execute();
  await db.schema.createIndex('nps_recipients_due').on('nps_recipients').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('nps_recipients_updated').on('nps_recipients').columns(['updated_at', 'id']).execute();

  await withId(db.schema.createTable('nps_responses'), caps)
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('nps_surveys.id'))
    .addColumn('recipient_id', 'integer', (c) => c.notNull().unique().references('nps_recipients.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('user_email', 'text')
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text')
    .execute();
  await db.schema.createIndex('nps_responses_survey').on('nps_responses').columns(['survey_id']).execute();
  await db.schema.createIndex('nps_responses_user').on('nps_responses').columns(['user_id']).execute();
  await db.schema.createIndex('nps_responses_updated').on('nps_responses').columns(['updated_at', 'id']).execute();

  // Zendesk's default reasons (reason_code and text as its API answers them).
  const now = '2026-12-02T00:00:00.000Z';
  const reasons: [number, string][] = [
    [0, 'No reason provided'],
    [5, 'The issue took too long to resolve'],
    [6, 'The issue was not resolved'],
    [7, "The agent's knowledge is unsatisfactory"],
    [8, "The agent's attitude is unsatisfactory"],
    [100, 'Some other reason'],
  ];
  await db
    .insertInto('satisfaction_reasons')
    .values(reasons.map(([reason_code, value]) => ({ reason_code, value, deleted: 0, created_at: now, updated_at: now })))
    .execute();
}

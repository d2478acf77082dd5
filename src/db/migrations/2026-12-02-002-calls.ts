import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// Calls (docs/calls.md), as telephony integrations send them to Zendesk (Talk Partner
// Edition). A *phone line* is one of the account's numbers, with how many days its
// recordings are kept. A *call* is one inbound or outbound call on a ticket (its voice
// comment): the caller's and callee's numbers, the transcript, where the caller was. Its
// *recordings* (the call itself, a voicemail) are audio Oubli fetched and stores itself,
// so that it can delete them.
//
// Deleting a recording removes its bytes, its URL and the call's transcript at once.
// Erasing the ticket erases its calls to tombstones (numbers, transcript and location
// blanked; times and durations kept for call statistics) and makes the recordings
// unreachable at once (deleted_at); the sweep removes their bytes 7 days later.

type Builder = CreateTableBuilder<string, never>;

function withId(t: Builder, caps: DialectCaps): Builder {
  return caps.idType === 'serial'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  await withId(db.schema.createTable('phone_lines'), caps)
    // The account's own number (E.164) and its name: not a customer's data.
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('nickname', 'text')
    // Null: recordings are kept until deleted. Otherwise deleted once older than this.
    .addColumn('recording_retention_days', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('calls'), caps)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    // The voice comment the call added to the ticket.
    // No foreign key: the comment goes with the ticket's erasure, after this row became a tombstone
    // (which blanks it), and the walker cannot keep a reference into a deleted row.
    .addColumn('comment_id', 'integer')
    .addColumn('phone_line_id', 'integer', (c) => c.references('phone_lines.id'))
    // inbound | outbound
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('from_number', 'text')
    .addColumn('to_number', 'text')
    .addColumn('location', 'text')
    .addColumn('transcription', 'text')
    .addColumn('answered_by_id', 'integer', (c) => c.references('users.id'))
    .addColumn('started_at', 'text')
    .addColumn('duration', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Set when the ticket was erased: the row is a tombstone (numbers and transcript blanked).
    .addColumn('erased_at', 'text')
    .execute();
  await db.schema.createIndex('calls_ticket').on('calls').columns(['ticket_id']).execute();
  await db.schema.createIndex('calls_comment').on('calls').columns(['comment_id']).execute();
  await db.schema.createIndex('calls_line').on('calls').columns(['phone_line_id']).execute();
  await db.schema.createIndex('calls_answered_by').on('calls').columns(['answered_by_id']).execute();
  await db.schema.createIndex('calls_updated').on('calls').columns(['updated_at', 'id']).execute();

  await withId(db.schema.createTable('call_recordings'), caps)
    .addColumn('call_id', 'integer', (c) => c.notNull().references('calls.id'))
    // call | voicemail (Zendesk's two recording types).
    .addColumn('kind', 'text', (c) => c.notNull())
    // Where the integration had it (it may carry the caller's number): blanked at deletion.
    .addColumn('source_url', 'text')
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', caps.blobType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Set when its ticket was erased: unreachable at once, bytes removed 7 days later (the sweep).
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('call_recordings_call').on('call_recordings').columns(['call_id']).execute();
  await db.schema.createIndex('call_recordings_created').on('call_recordings').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('call_recordings_deleted').on('call_recordings').columns(['deleted_at']).execute();
}

import type { Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// The recordings Oubli still has to fetch (docs/calls.md "Recordings"). A voice comment that
// names a recording_url queues one row here in the ticket's transaction; the fetcher
// (src/domain/calls/fetch-recordings.ts) downloads the audio after commit, so a slow remote
// never holds a transaction, stores it in call_recordings and deletes this row. A failed
// try is retried later, up to a fixed number of attempts.

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  let t = db.schema.createTable('call_recording_fetches');
  t = caps.idType === 'serial' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await t
    .addColumn('call_id', 'integer', (c) => c.notNull().references('calls.id'))
    // call | voicemail
    .addColumn('kind', 'text', (c) => c.notNull())
    // The integration's URL (it may carry the caller's number): personal, goes with the row.
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    // A fixed word for the last failure (timeout, too_large, refused_address, http_404 …), never remote text.
    .addColumn('last_error', 'text')
    // Set once the attempts are used up: the row stays for the operator to see, and is not tried again.
    .addColumn('failed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('call_recording_fetches_due').on('call_recording_fetches').columns(['failed_at', 'next_attempt_at']).execute();
  await db.schema.createIndex('call_recording_fetches_call').on('call_recording_fetches').columns(['call_id']).execute();
}

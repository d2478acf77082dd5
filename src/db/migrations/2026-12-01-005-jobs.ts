import { sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.
// A bulk job's item commits with its audit event, in one transaction; the event now names
// the job, so a job resumed after a crash finds the items that were done before it (their
// results were written after the commit, and may be lost) instead of running them again.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('job_id', 'text').execute();
  await db.schema
    .createIndex('audit_events_job')
    .on('audit_events')
    .columns(['job_id', 'subject_id'])
    .where(sql.ref('job_id'), 'is not', null)
    .execute();
}

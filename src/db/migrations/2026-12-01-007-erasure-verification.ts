import type { Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.
// An erasure request whose verification found something is `verification_failed`, and a
// fix runs as its own background job: planning again, confirming what it finds in places
// the agent did not reject, executing, verifying. `fix_job_id` names that job, so the fix
// (and only the fix) carries a finished re-plan on into execution, after a crash too.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('erasure_requests').addColumn('fix_job_id', 'text').execute();
}

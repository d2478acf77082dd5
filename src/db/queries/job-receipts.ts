import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * The audit events a job wrote with one of these actions, oldest first: the receipts of a
 * job over bodies (jobs/item-runner.ts), whose details name the item's index. A job has at
 * most a few hundred, so they are read whole and matched in code (no JSON operators, which
 * the two dialects spell differently).
 */
export async function eventsOfJob(db: Kysely<Database>, jobId: string, actions: string[]) {
  if (actions.length === 0) return [];
  return db
    .selectFrom('audit_events')
    .select(['action', 'subject_type', 'subject_id', 'details'])
    .where('job_id', '=', jobId)
    .where('action', 'in', actions)
    .orderBy('id')
    .execute();
}

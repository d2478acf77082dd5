import type { Insertable, Kysely } from 'kysely';
import type { AuditEventsTable, Database } from '../schema.ts';

export async function insertAuditEvent(db: Kysely<Database>, row: Insertable<AuditEventsTable>): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

/** Newest first, keyset-paginated by id. */
export async function listAuditEvents(
  db: Kysely<Database>,
  opts: {
    limit: number;
    beforeId?: number;
    afterId?: number;
    action?: string;
    actorId?: number;
    subjectType?: string;
    subjectId?: number;
  },
) {
  let q = db.selectFrom('audit_events').selectAll();
  if (opts.subjectType) q = q.where('subject_type', '=', opts.subjectType);
  if (opts.subjectId !== undefined) q = q.where('subject_id', '=', opts.subjectId);
  if (opts.action) q = q.where('action', '=', opts.action);
  if (opts.actorId !== undefined) q = q.where('actor_id', '=', opts.actorId);
  if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
  if (opts.afterId !== undefined) q = q.where('id', '>', opts.afterId);
  return q.orderBy('id', opts.afterId !== undefined ? 'asc' : 'desc').limit(opts.limit).execute();
}

/**
 * Which of `ids` have an event of this action written for this job: the items a job did,
 * committed with their change, whether or not its results were written after.
 */
export async function subjectsDoneByJob(
  db: Kysely<Database>,
  jobId: string,
  event: { action: string; subjectType: string },
  ids: number[],
): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('audit_events')
    .select('subject_id')
    .where('job_id', '=', jobId)
    .where('subject_id', 'in', ids)
    .where('action', '=', event.action)
    .where('subject_type', '=', event.subjectType)
    .execute();
  return new Set(rows.map((r) => Number(r.subject_id)));
}

import { randomBytes } from 'node:crypto';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, JobsTable } from '../schema.ts';

async function insertJob(db: Kysely<Database>, row: Insertable<JobsTable>): Promise<void> {
  await db.insertInto('jobs').values(row).execute();
}

/** A new queued job (its id is a random string, as Zendesk's job ids are); returns the id. */
export async function insertQueuedJob(
  db: Kysely<Database>,
  job: { jobType: string; total: number; payload: object; actorId: number | null; now: string },
): Promise<string> {
  const id = randomBytes(16).toString('hex');
  await insertJob(db, {
    id,
    job_type: job.jobType,
    status: 'queued',
    total: job.total,
    progress: 0,
    message: null,
    payload: JSON.stringify(job.payload),
    results: '[]',
    actor_id: job.actorId,
    claimed_by: null,
    claimed_until: null,
    created_at: job.now,
    updated_at: job.now,
  });
  return id;
}

export async function getJob(db: Kysely<Database>, id: string) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getJobs(db: Kysely<Database>, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('jobs').selectAll().where('id', 'in', ids).execute();
}

export async function listRecentJobs(db: Kysely<Database>, limit: number) {
  return db.selectFrom('jobs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Jobs that are waiting, or whose runner stopped holding them (a crash): oldest first. */
export async function findRunnableJobs(db: Kysely<Database>, now: string, limit: number) {
  return db
    .selectFrom('jobs')
    .select(['id'])
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([eb('status', '=', 'working'), eb('claimed_until', '<', now)]),
      ]),
    )
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/**
 * Takes a job for this runner. The condition is re-checked in the write, so two servers
 * on one PostgreSQL never run the same job: only one UPDATE matches.
 */
export async function claimJob(db: Kysely<Database>, id: string, runner: string, now: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'working', claimed_by: runner, claimed_until: until, updated_at: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([eb('status', '=', 'working'), eb('claimed_until', '<', now)]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Updates a job this runner holds; false when another runner took it over. */
export async function updateClaimedJob(
  db: Kysely<Database>,
  id: string,
  runner: string,
  patch: Updateable<JobsTable>,
): Promise<boolean> {
  const r = await db.updateTable('jobs').set(patch).where('id', '=', id).where('claimed_by', '=', runner).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Cancels a job that has not started. */
export async function killQueuedJob(db: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'killed', updated_at: now, message: 'Cancelled before it started.' })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * A job inserted already held by `holder` until `until`: the inserting process runs it
 * itself, and a runner takes it over only if that process never finishes it (a crash).
 */
export async function insertHeldJob(db: Kysely<Database>, job: { jobType: string; payload: object; holder: string; until: string; now: string }): Promise<string> {
  const id = randomBytes(16).toString('hex');
  await insertJob(db, {
    id,
    job_type: job.jobType,
    status: 'working',
    total: 1,
    progress: 0,
    message: null,
    payload: JSON.stringify(job.payload),
    results: '[]',
    actor_id: null,
    claimed_by: job.holder,
    claimed_until: job.until,
    created_at: job.now,
    updated_at: job.now,
  });
  return id;
}

/** Marks a job completed unless it already is; true for the one caller that did it. */
export async function completeJobOnce(db: Kysely<Database>, id: string, message: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'completed', progress: 1, message, updated_at: now })
    .where('id', '=', id)
    .where('status', '<>', 'completed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

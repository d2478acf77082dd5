import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CallRecordingFetchesTable, CallRecordingsTable, Database, RecordingKind } from '../schema.ts';

// Call recordings and the queue of recordings still to fetch (docs/calls.md). Every read of
// a recording filters on deleted_at, which the ticket's erasure sets: from then on the row
// is unreachable, until the tombstone purge deletes it.

const META = ['call_recordings.id', 'call_recordings.call_id', 'call_recordings.kind', 'call_recordings.content_type', 'call_recordings.size', 'call_recordings.created_at'] as const;

export async function insertRecording(db: Kysely<Database>, row: Insertable<CallRecordingsTable>): Promise<number> {
  return (await db.insertInto('call_recordings').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The reachable recordings of these calls, without their bytes. */
export async function liveRecordingsOfCalls(db: Kysely<Database>, callIds: number[]) {
  if (!callIds.length) return [];
  return db.selectFrom('call_recordings').select(META).where('call_id', 'in', callIds).where('deleted_at', 'is', null).orderBy('id').execute();
}

/** One reachable recording with its bytes, by call and kind (the newest when several). */
export async function liveRecordingData(db: Kysely<Database>, callId: number, kind: RecordingKind) {
  return db
    .selectFrom('call_recordings')
    .select([...META, 'call_recordings.data'])
    .where('call_id', '=', callId)
    .where('kind', '=', kind)
    .where('deleted_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A reachable recording by id, with the ticket its call is on. */
export async function liveRecordingWithTicket(db: Kysely<Database>, recordingId: number) {
  return db
    .selectFrom('call_recordings')
    .innerJoin('calls', 'calls.id', 'call_recordings.call_id')
    .select([...META, 'calls.ticket_id'])
    .where('call_recordings.id', '=', recordingId)
    .where('call_recordings.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Deletes these reachable recordings (bytes, source URL and all); returns how many went. */
export async function deleteLiveRecordings(db: Kysely<Database>, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const r = await db.deleteFrom('call_recordings').where('id', 'in', ids).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Reachable recordings of a line's calls stored before `cutoff`, after id `afterId` (the retention sweep). */
export async function lineRecordingsBefore(db: Kysely<Database>, lineId: number, cutoff: string, afterId: number, limit: number) {
  return db
    .selectFrom('call_recordings')
    .innerJoin('calls', 'calls.id', 'call_recordings.call_id')
    .select(['call_recordings.id', 'call_recordings.call_id'])
    .where('calls.phone_line_id', '=', lineId)
    .where('call_recordings.created_at', '<', cutoff)
    .where('call_recordings.deleted_at', 'is', null)
    .where('call_recordings.id', '>', afterId)
    .orderBy('call_recordings.id')
    .limit(limit)
    .execute();
}

/** Deletes one recording only if it is still reachable, still on that line and still older than `cutoff` (the re-check in the write). */
export async function deleteLineRecordingIfBefore(db: Kysely<Database>, id: number, lineId: number, cutoff: string): Promise<boolean> {
  const r = await db
    .deleteFrom('call_recordings')
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('created_at', '<', cutoff)
    .where('call_id', 'in', (eb) => eb.selectFrom('calls').select('id').where('phone_line_id', '=', lineId))
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function insertFetch(db: Kysely<Database>, row: Insertable<CallRecordingFetchesTable>): Promise<number> {
  return (await db.insertInto('call_recording_fetches').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Fetches due now that have attempts left, oldest first. */
export async function dueFetches(db: Kysely<Database>, now: string, limit: number) {
  return db
    .selectFrom('call_recording_fetches')
    .selectAll()
    .where('failed_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Moves a due fetch's next attempt forward, only if no one else did: the claim. */
export async function claimFetch(db: Kysely<Database>, id: number, seenAt: string, until: string): Promise<boolean> {
  const r = await db.updateTable('call_recording_fetches').set({ next_attempt_at: until }).where('id', '=', id).where('next_attempt_at', '=', seenAt).where('failed_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getFetch(db: Kysely<Database>, id: number) {
  return db.selectFrom('call_recording_fetches').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateFetch(db: Kysely<Database>, id: number, set: Updateable<CallRecordingFetchesTable>): Promise<void> {
  await db.updateTable('call_recording_fetches').set(set).where('id', '=', id).execute();
}

export async function deleteFetch(db: Kysely<Database>, id: number): Promise<number> {
  return Number((await db.deleteFrom('call_recording_fetches').where('id', '=', id).executeTakeFirst()).numDeletedRows);
}

/** Deletes the fetches of these calls (their recordings were deleted: nothing to fetch any more). */
export async function deleteFetchesOfCalls(db: Kysely<Database>, callIds: number[], kind?: RecordingKind): Promise<number> {
  if (!callIds.length) return 0;
  let q = db.deleteFrom('call_recording_fetches').where('call_id', 'in', callIds);
  if (kind) q = q.where('kind', '=', kind);
  return Number((await q.executeTakeFirst()).numDeletedRows);
}

/** The calls among these with a fetch still to do (the voice comment says "pending"). */
export async function callsWithPendingFetch(db: Kysely<Database>, callIds: number[]): Promise<number[]> {
  if (!callIds.length) return [];
  const rows = await db.selectFrom('call_recording_fetches').select('call_id').where('call_id', 'in', callIds).where('failed_at', 'is', null).execute();
  return rows.map((r) => r.call_id);
}

/**
 * Calls with a live recording on the tickets a person requested after `afterTicketId` (her
 * tickets by requester, then their calls by `calls_ticket`: no scan of all calls); and the
 * last ticket read, or null when there are no more.
 */
export async function recordedCallsOfRequester(db: Kysely<Database>, userId: number, afterTicketId: number, limit: number) {
  const tickets = await db.selectFrom('tickets').select(['id', 'state', 'status']).where('requester_id', '=', userId).where('state', '!=', 'erased').where('id', '>', afterTicketId).orderBy('id').limit(limit).execute();
  const next = tickets.length === limit ? tickets[tickets.length - 1]!.id : null;
  if (!tickets.length) return { calls: [], next };
  const calls = await db
    .selectFrom('calls')
    .select(['calls.id', 'calls.ticket_id'])
    .where('calls.ticket_id', 'in', tickets.map((t) => t.id))
    .where('calls.erased_at', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('call_recordings').select('call_recordings.id').whereRef('call_recordings.call_id', '=', 'calls.id').where('call_recordings.deleted_at', 'is', null)))
    .orderBy('calls.id')
    .execute();
  const byId = new Map(tickets.map((t) => [t.id, t]));
  return { calls: calls.map((c) => ({ ...c, ticket: byId.get(c.ticket_id)! })), next };
}

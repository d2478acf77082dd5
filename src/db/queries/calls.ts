import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CallsTable, Database, PhoneLinesTable, RecordingKind } from '../schema.ts';

// Phone lines and calls (docs/calls.md). Recordings and their fetch queue are in
// calls-recordings.ts. Reads of calls say at each query whether tombstones are wanted.

export async function insertPhoneLine(db: Kysely<Database>, row: Insertable<PhoneLinesTable>): Promise<number> {
  return (await db.insertInto('phone_lines').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePhoneLine(db: Kysely<Database>, id: number, set: Updateable<PhoneLinesTable>): Promise<number> {
  const r = await db.updateTable('phone_lines').set(set).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function getPhoneLine(db: Kysely<Database>, id: number) {
  return db.selectFrom('phone_lines').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function phoneLineByNumber(db: Kysely<Database>, number: string) {
  return db.selectFrom('phone_lines').selectAll().where('number', '=', number).executeTakeFirst();
}

/** Every line, by id: an account has a handful. */
export async function listPhoneLines(db: Kysely<Database>) {
  return db.selectFrom('phone_lines').selectAll().orderBy('id').execute();
}

/** Lines that delete their recordings after some days (the retention sweep). */
export async function linesWithRetention(db: Kysely<Database>) {
  return db.selectFrom('phone_lines').select(['id', 'recording_retention_days']).where('recording_retention_days', 'is not', null).orderBy('id').execute();
}

export async function insertCall(db: Kysely<Database>, row: Insertable<CallsTable>): Promise<number> {
  return (await db.insertInto('calls').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** A call by id, tombstone or not (the caller decides what a tombstone shows). */
export async function getCall(db: Kysely<Database>, id: number) {
  return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The calls that made these comments (voice comments), tombstones left out. */
export async function callsOfComments(db: Kysely<Database>, commentIds: number[]) {
  if (!commentIds.length) return [];
  return db.selectFrom('calls').selectAll().where('comment_id', 'in', commentIds).where('erased_at', 'is', null).execute();
}

/** A ticket's calls that are not tombstones, by id. */
export async function liveCallsOfTicket(db: Kysely<Database>, ticketId: number) {
  return db.selectFrom('calls').selectAll().where('ticket_id', '=', ticketId).where('erased_at', 'is', null).orderBy('id').execute();
}

export async function updateCallRow(db: Kysely<Database>, id: number, set: Updateable<CallsTable>): Promise<number> {
  const r = await db.updateTable('calls').set(set).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Calls changed at or after `since`, in (updated_at, id) order, tombstones included (so a
 * client's copy learns of the erasure): the incremental calls export.
 */
export async function callsChangedSince(db: Kysely<Database>, since: string, limit: number) {
  return db.selectFrom('calls').selectAll().where('updated_at', '>=', since).orderBy('updated_at').orderBy('id').limit(limit).execute();
}

/** Live calls on the tickets a person requested (the right-of-access export). */
export async function liveCallsOfRequester(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('calls')
    .innerJoin('tickets', 'tickets.id', 'calls.ticket_id')
    .selectAll('calls')
    .where('tickets.requester_id', '=', userId)
    .where('tickets.erased_at', 'is', null)
    .where('calls.erased_at', 'is', null)
    .orderBy('calls.id')
    .execute();
}

export type CallRow = NonNullable<Awaited<ReturnType<typeof getCall>>>;
export type { RecordingKind };

/**
 * Live calls that still hold a recording or a transcript, after id `cursor`, with their
 * ticket's state (an erasure request's call places).
 */
export async function callsWithRecordingsAfter(db: Kysely<Database>, cursor: number, limit: number) {
  return db
    .selectFrom('calls')
    .innerJoin('tickets', 'tickets.id', 'calls.ticket_id')
    .select(['calls.id', 'calls.ticket_id', 'calls.from_number', 'calls.to_number', 'calls.transcription', 'tickets.state', 'tickets.status'])
    .where('calls.erased_at', 'is', null)
    .where('calls.id', '>', cursor)
    .where((eb) =>
      eb.or([
        eb('calls.transcription', 'is not', null),
        eb.exists(eb.selectFrom('call_recordings').select('call_recordings.id').whereRef('call_recordings.call_id', '=', 'calls.id').where('call_recordings.deleted_at', 'is', null)),
      ]),
    )
    .orderBy('calls.id')
    .limit(limit)
    .execute();
}

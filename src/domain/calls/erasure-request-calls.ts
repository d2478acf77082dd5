import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { callsWithRecordingsAfter, getCall, updateCallRow } from '../../db/queries/calls.ts';
import { recordedCallsOfRequester } from '../../db/queries/calls-recordings.ts';
import { markApplied, type ErasureRequestRow } from '../../db/queries/erasure-requests.ts';
import { rejectedPlaces } from '../../db/queries/erasure-request-records.ts';
import { AppError } from '../../errors.ts';
import type { TicketApply } from '../erasure-requests/apply-places.ts';
import type { MatchKind } from '../erasure-requests/match-kinds.ts';
import { matchRow, type PlanStep } from '../erasure-requests/plan-common.ts';
import type { Place, PlaceReader } from '../erasure-requests/record-places.ts';
import { deleteRecordingsInTransaction } from './delete-recordings.ts';

// Calls in an erasure request (docs/calls.md "Erasure requests"): a call whose transcript or
// numbers hold one of the person's terms, while it still has a recording or a transcript, is
// a match proposing `delete_recording`; a confirmed one deletes the call's recordings and its
// transcript at once, whatever the ticket's state (the 7-day purge is for erased tickets).
// A number of the call that is one of her terms is blanked too (it is her identifier); the
// other number (the account's line) stays, as do times and duration.
// Her own tickets' recordings are matches too, without a term (field `recording`): the
// ticket's erasure would only soft-delete them, and their bytes would stay 7 days.

const ROWS = 500;

/** Calls with a recording or a transcript, after `cursor` (a call id): their transcript and numbers. */
export const readCallPlaces: PlaceReader = async (db, _scope, cursor) => {
  const rows = await callsWithRecordingsAfter(db, cursor, ROWS);
  const places: Place[] = rows.map((c) => ({
    location: 'call',
    source_id: c.id,
    field: '',
    texts: [c.transcription ?? '', c.from_number ?? '', c.to_number ?? ''].filter(Boolean),
    ticket: { id: c.ticket_id, state: c.state, status: c.status },
  }));
  return { places, next: rows.length === ROWS ? rows[rows.length - 1]!.id : null };
};

/** Tickets of hers read per planning step. */
const TICKETS = 2000;
export const RECORDING_FIELD = 'recording';

/** One batch of her tickets: a match per call with a live recording on them (a re-plan adds none twice: the termless unique index). */
export async function planRequestedRecordings(_ctx: Ctx, trx: Kysely<Database>, r: ErasureRequestRow, now: string): Promise<PlanStep> {
  const batch = await recordedCallsOfRequester(trx, r.user_id, r.plan_cursor, TICKETS);
  const matches = batch.calls.map((c) => ({
    ...matchRow(r, now, null, { location: 'call', source_id: c.id, field: RECORDING_FIELD, ticket_id: c.ticket_id }, null),
    proposed_action: 'delete_recording',
    decision: 'pending',
  }));
  return { matches, cursor: batch.next };
}

/** Verification: calls on her tickets that still have a live recording, by the agent's decisions on their matches. */
export const requestedRecordingsRemaining: NonNullable<MatchKind['remaining']> = async (db, _caps, s, _terms, mode) => {
  const rejected = mode === 'all' ? new Set<string>() : await rejectedPlaces(db, s.requestId, 'call');
  let hits = 0;
  for (let cursor: number | null = 0; cursor !== null; ) {
    const batch = await recordedCallsOfRequester(db, s.userId, cursor, TICKETS);
    for (const c of batch.calls) {
      const inRejected = rejected.has(`${c.id}|${RECORDING_FIELD}`);
      if ((mode === 'outside_rejected' && inRejected) || (mode === 'in_rejected' && !inRejected)) continue;
      hits++;
    }
    cursor = batch.next;
  }
  return hits;
};

/** Deletes the recordings and transcript of confirmed `call` matches, in the ticket's transaction; one with nothing left is `gone`. */
export async function deleteCallMatches(ctx: Ctx, trx: Kysely<Database>, a: TicketApply): Promise<void> {
  for (const m of a.matches.filter((x) => x.location === 'call')) {
    let done = true;
    try {
      await deleteRecordingsInTransaction(ctx, trx, m.source_id, {});
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'not_found') throw err;
      done = false;
    }
    const call = await getCall(trx, m.source_id);
    if (call && !call.erased_at) {
      const hers = (n: string | null) => n !== null && [...a.patterns.values()].some((p) => new RegExp(p.source, p.flags.replace('g', '')).test(n));
      const set = { ...(hers(call.from_number) ? { from_number: null } : {}), ...(hers(call.to_number) ? { to_number: null } : {}) };
      if (Object.keys(set).length) {
        await updateCallRow(trx, call.id, { ...set, updated_at: a.now });
        done = true;
      }
    }
    await markApplied(trx, [m.id], done ? 'delete_recording' : 'gone', a.now);
  }
}

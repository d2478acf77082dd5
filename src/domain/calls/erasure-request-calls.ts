import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { callsWithRecordingsAfter, getCall, updateCallRow } from '../../db/queries/calls.ts';
import { markApplied } from '../../db/queries/erasure-requests.ts';
import { AppError } from '../../errors.ts';
import type { TicketApply } from '../erasure-requests/apply-places.ts';
import type { Place, PlaceReader } from '../erasure-requests/record-places.ts';
import { deleteRecordingsInTransaction } from './delete-recordings.ts';

// Calls in an erasure request (docs/calls.md "Erasure requests"): a call whose transcript or
// numbers hold one of the person's terms, while it still has a recording or a transcript, is
// a match proposing `delete_recording`; a confirmed one deletes the call's recordings and its
// transcript at once, whatever the ticket's state (the 7-day purge is for erased tickets).
// A number of the call that is one of her terms is blanked too (it is her identifier); the
// other number (the account's line) stays, as do times and duration.

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

import { data, NOW, personal, ref, type AreaMap } from './types.ts';

// The fate of every column of calls (migration 2026-12-02-002-calls, docs/calls.md).
//
// A phone line is the account's own number: nothing about a customer. A call belongs to its
// ticket: when the ticket is erased the call becomes a tombstone (numbers, location and
// transcript are text and go at once; direction, times, duration and who answered stay, for
// call statistics). Its recordings become unreachable at once and their bytes are deleted 7
// days later (docs/calls.md), by the sweep that reads `purgeAfterDays`.

export const callsMap: AreaMap = {
  phone_lines: {
    columns: {
      id: data,
      number: data,
      nickname: data,
      recording_retention_days: data,
      created_at: data,
      updated_at: data,
    },
  },
  calls: {
    columns: {
      id: data,
      ticket_id: ref('tickets', 'erase-ticket'),
      // The voice comment's id; no foreign key (see the migration), blanked with the tombstone.
      comment_id: data,
      phone_line_id: ref('phone_lines', 'keep'),
      direction: data,
      from_number: personal,
      to_number: personal,
      location: personal,
      transcription: personal,
      answered_by_id: ref('users', 'keep'),
      started_at: data,
      duration: data,
      created_at: data,
      updated_at: data,
      erased_at: data,
    },
    tombstone: {
      erasedMarker: 'erased_at',
      scrub: { erased_at: NOW, updated_at: NOW, comment_id: null, from_number: null, to_number: null, location: null, transcription: null },
    },
  },
  call_recordings: {
    columns: {
      id: data,
      call_id: ref('calls', 'erase-ticket'),
      kind: data,
      source_url: personal,
      content_type: data,
      size: data,
      data: personal,
      created_at: data,
      deleted_at: data,
    },
    tombstone: { erasedMarker: 'deleted_at', scrub: { deleted_at: NOW, source_url: null }, purgeAfterDays: 7 },
  },
  // A recording still to be fetched (migration 2026-12-02-005): it goes with its call's erasure,
  // so an erased ticket's audio is never fetched afterwards.
  call_recording_fetches: {
    columns: {
      id: data,
      call_id: ref('calls', 'erase'),
      kind: data,
      source_url: personal,
      attempts: data,
      next_attempt_at: data,
      last_error: data,
      failed_at: data,
      created_at: data,
    },
  },
};

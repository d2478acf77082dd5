import type { ErasureRequestTables } from '../../../db/queries/erasure-requests.ts';
import { data, NOW, personal, ref, type AreaMap, type OnErase, type TableFate, type TableName } from './types.ts';

// The fate of every column of the erasure-request tables (migration 2026-11-22-006).
//
// The request row is the lasting record that an erasure happened (its certificate): ids,
// dates, states and counts. When its person is erased — by the request's own last step, or
// by any other erasure of that user — the request is erased to a tombstone like a ticket is:
// its search terms and matches (names, addresses, snippets of text) are deleted, and the
// free-text extension reason is blanked. A cancelled request's terms and matches are deleted
// by the cancellation itself (src/domain/erasure-requests/purge-step.ts).

type RequestsAreaMap = { [T in keyof ErasureRequestTables]: TableFate<keyof ErasureRequestTables[T] & string> };

const stamps = { created_at: data, updated_at: data };
// A reference into this area's own tables, which are not in schema.ts's Database yet.
const own = (to: keyof ErasureRequestTables, onErase: OnErase) => ref(to as unknown as TableName, onErase);

const requestFates: RequestsAreaMap = {
  erasure_requests: {
    columns: {
      id: data,
      // Erasing the person erases their requests to tombstones (the certificate survives).
      user_id: ref('users', 'erase-ticket'),
      status: data,
      received_at: data,
      due_at: data,
      extended_until: data,
      // Free text an agent typed: it may name the person.
      extension_reason: personal,
      opened_by_id: ref('users', 'keep'),
      executed_by_id: ref('users', 'keep'),
      job_id: data,
      plan_phase: data,
      plan_cursor: data,
      plan_pass: data,
      exec_phase: data,
      exec_cursor: data,
      execution_started_at: data,
      // Counts only (JSON objects of fixed keys).
      counts: data,
      verification: data,
      completed_at: data,
      cancelled_at: data,
      erased_at: data,
      // The id of a fix job (a random string).
      fix_job_id: data,
      ...stamps,
    },
    tombstone: {
      erasedMarker: 'erased_at',
      scrub: { extension_reason: null, erased_at: NOW, updated_at: NOW },
    },
  },
  erasure_request_terms: {
    columns: {
      id: data,
      request_id: own('erasure_requests', 'erase'),
      kind: data,
      value: personal,
      value_key: personal,
      source: data,
      accepted: data,
      plan_state: data,
      ...stamps,
    },
  },
  // A match goes with whatever it points at: its request, its term, or the ticket, comment,
  // attachment, raw message, organization or profile it was found in (a snippet must not
  // outlive its source).
  erasure_request_matches: {
    columns: {
      id: data,
      request_id: own('erasure_requests', 'erase'),
      term_id: own('erasure_request_terms', 'erase'),
      ticket_id: ref('tickets', 'erase'),
      comment_id: ref('comments', 'erase'),
      attachment_id: ref('attachments', 'erase'),
      raw_message_id: ref('raw_messages', 'erase'),
      // Deleting an organization deletes its matches too (queries/organizations.ts).
      organization_id: ref('organizations', 'erase'),
      profile_user_id: ref('users', 'erase'),
      location: data,
      // Which part of the place: a custom field's id, a column name, a custom user field's key.
      field: data,
      source_id: data,
      snippet: personal,
      proposed_action: data,
      decision: data,
      applied_action: data,
      applied_at: data,
      ...stamps,
    },
  },
};

// The cast goes once these tables join Database in schema.ts (AreaMap is typed against it).
export const erasureRequestsMap = requestFates as unknown as AreaMap;

import { data, NOW, personal, ref, type AreaMap } from './types.ts';

// The fate of every column of satisfaction (migration 2026-12-02-010, docs/satisfaction.md).
//
// The seed: erasing a user "scrubs the user's CSAT comments, but preserves the user's ratings",
// and scrubs "email and any comments in NPS survey results". So a rating, a recipient and a
// response survive as tombstones: the comment, the name and email copies and the link secret
// are blanked, the score and the ids stay (they now point at the stub and the ticket
// tombstone), and reports count the same after an erasure. The copies are declared here
// because a join-based erasure would miss them: they are not references.

export const satisfactionMap: AreaMap = {
  satisfaction_reasons: {
    columns: { id: data, reason_code: data, value: data, deleted: data, created_at: data, updated_at: data },
  },
  satisfaction_ratings: {
    columns: {
      id: data,
      ticket_id: ref('tickets', 'erase-ticket'),
      // The requester may have changed since the rating: their erasure reaches it directly.
      requester_id: ref('users', 'erase-ticket'),
      assignee_id: ref('users', 'keep'),
      group_id: ref('groups', 'keep'),
      score: data,
      comment: personal,
      reason_id: ref('satisfaction_reasons', 'keep'),
      token_hash: data,
      token_expires_at: data,
      rated_at: data,
      created_at: data,
      updated_at: data,
      erased_at: data,
    },
    tombstone: {
      erasedMarker: 'erased_at',
      scrub: { erased_at: NOW, updated_at: NOW, comment: null, token_hash: null, token_expires_at: null },
    },
  },
  nps_surveys: {
    columns: {
      id: data,
      // An admin's words to every recipient, not about one of them.
      name: data,
      question: data,
      filter: data,
      status: data,
      created_by_id: ref('users', 'keep'),
      sent_at: data,
      created_at: data,
      updated_at: data,
    },
  },
  nps_recipients: {
    columns: {
      id: data,
      survey_id: ref('nps_surveys', 'keep'),
      user_id: ref('users', 'erase-ticket'),
      user_name: personal,
      user_email: personal,
      status: data,
      attempts: data,
      next_attempt_at: data,
      last_error_code: data,
      sent_at: data,
      token_hash: data,
      token_expires_at: data,
      created_at: data,
      updated_at: data,
      erased_at: data,
    },
    tombstone: {
      erasedMarker: 'erased_at',
      // A survey not yet mailed to them never will be: `skipped`.
      scrub: { erased_at: NOW, updated_at: NOW, user_name: null, user_email: null, token_hash: null, token_expires_at: null },
    },
  },
  nps_responses: {
    columns: {
      id: data,
      survey_id: ref('nps_surveys', 'keep'),
      recipient_id: ref('nps_recipients', 'keep'),
      user_id: ref('users', 'erase-ticket'),
      user_name: personal,
      user_email: personal,
      score: data,
      comment: personal,
      created_at: data,
      updated_at: data,
      erased_at: data,
    },
    tombstone: {
      erasedMarker: 'erased_at',
      scrub: { erased_at: NOW, updated_at: NOW, user_name: null, user_email: null, comment: null },
    },
  },
};

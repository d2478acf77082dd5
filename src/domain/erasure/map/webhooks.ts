import { data, personal, ref, type AreaMap } from './types.ts';

// Webhooks (migration 2026-12-02-030, docs/webhooks.md). An endpoint's settings are the
// operator's, about no one. An invocation's body (the event as it was sent) is personal: the
// row goes with the person (user_id) or the ticket (ticket_id) it is about, and after 7 days
// whatever it is about (src/jobs/sweeps.ts). Erasure notices reference nobody: their subject
// is an id, which the stub and the tombstone keep.

export const webhooksMap: AreaMap = {
  webhooks: {
    columns: {
      id: data,
      name: data,
      description: data,
      endpoint: data,
      http_method: data,
      request_format: data,
      status: data,
      subscriptions: data,
      auth_type: data,
      auth_data: data,
      signing_secret: data,
      created_at: data,
      updated_at: data,
    },
  },
  webhook_invocations: {
    columns: {
      id: data,
      webhook_id: data,
      invocation_key: data,
      event_id: data,
      event_type: data,
      subject_type: data,
      subject_id: data,
      user_id: ref('users', 'erase'),
      ticket_id: ref('tickets', 'erase'),
      ledger_id: data,
      // Ids and states copied from the audit event (EventDetails: never a person's data).
      event_data: data,
      event_time: data,
      status: data,
      attempts: data,
      next_attempt_at: data,
      attempt_log: data,
      body: personal,
      created_at: data,
      completed_at: data,
    },
  },
};

import { data, ref, type AreaMap } from './types.ts';

// The erasure ledger (migration 2026-12-02-011, docs/webhooks.md "Who was told"). A row says that a recipient was
// handed data about a person: ids and a recipient identifier, nothing that was sent. It
// survives the person's erasure, pointing at her stub, so the erasure can notify the machine
// recipients and its certificate can count them. A row goes when the recipient itself (a
// person who received mail or an export) is erased.

const recipientFates: AreaMap = {
  data_recipients: {
    columns: {
      id: data,
      user_id: ref('users', 'keep'),
      kind: data,
      // `webhook:12`, `token:3`, `user:45`: ids only.
      recipient_key: data,
      recipient_user_id: ref('users', 'erase'),
      api_token_id: data,
      webhook_id: data,
      first_at: data,
      last_at: data,
      times: data,
      notified_at: data,
      acknowledged_at: data,
    },
  },
};

export const recipientsMap: AreaMap = recipientFates;

import { data, ref, type AreaMap } from './types.ts';

// The fate of every column of the sign-in tables (migration 2026-11-22-004-sessions).
// They hold only hashes of secrets and times; the rows go with the person they let in,
// so an erased person's browser session or unused password link dies with them.

const sessionFates: AreaMap = {
  sessions: {
    columns: {
      id: data,
      user_id: ref('users', 'erase'),
      token_hash: data,
      created_at: data,
      last_seen_at: data,
      expires_at: data,
    },
  },
  password_tokens: {
    columns: {
      id: data,
      user_id: ref('users', 'erase'),
      token_hash: data,
      purpose: data,
      // Who issued a link is kept as the stub's id when the issuing admin is erased.
      created_by_id: ref('users', 'keep'),
      created_at: data,
      expires_at: data,
    },
  },
};

export const sessionsMap: AreaMap = sessionFates;

import { data, type AreaMap } from './types.ts';

// The password limit's counters and the servers' shared secrets (migration
// 2026-12-01-001-auth-attempts). Nothing here points at a person: a counter's key is an
// HMAC-SHA256 of a client address or of a normalized email under a random server secret,
// written for accounts that do not exist exactly as for those that do, so it cannot be
// joined to a user row. A counter is useless once its window is over (at most a day, the
// longest window the settings allow); it is deleted when a later check opens a new window,
// and by the retention sweep's upkeep, so an erased person's counters are gone soon after
// their window without the walker.

const authAttemptFates: AreaMap = {
  auth_attempts: {
    columns: {
      scope: data,
      key_hash: data,
      window_start: data,
      count: data,
      expires_at: data,
    },
  },
  server_secrets: {
    columns: {
      name: data,
      value: data,
      created_at: data,
    },
  },
};

export const authAttemptsMap: AreaMap = authAttemptFates;

// The rules of delivery (docs/webhooks.md "Delivery and retries").

/** Tries before an invocation is given up (its row stays, failed, until the retention sweep). */
export const MAX_WEBHOOK_ATTEMPTS = 8;

/** Waits after the n-th failed attempt: 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h (about 21 h in all, well inside the 7-day log). */
export const WEBHOOK_BACKOFF_MS = [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000];

/** Delay before the attempt after `attempts` failed ones. */
export function webhookBackoff(attempts: number): number {
  return WEBHOOK_BACKOFF_MS[Math.min(attempts, WEBHOOK_BACKOFF_MS.length) - 1] ?? WEBHOOK_BACKOFF_MS[0]!;
}

/** Days an invocation (and the body it sent) is kept, as Zendesk keeps its invocation log. */
export const INVOCATION_RETENTION_DAYS = 7;

/** Zendesk's published secret for test requests not tied to a webhook. */
export const TEST_SIGNING_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';

import type { Ctx } from '../../context.ts';
import { linesWithRetention } from '../../db/queries/calls.ts';
import { lineRecordingsBefore } from '../../db/queries/calls-recordings.ts';
import { chatsStartedBefore } from '../../db/queries/chat-records.ts';
import { ticketsInStateBefore, unusedUploadsBefore, usersDeletedBefore } from '../../db/queries/erasure.ts';
import { tombstonesBefore } from '../../db/queries/tombstone-purge.ts';
import { getSettings } from '../settings.ts';
import { UNUSED_UPLOAD_DAYS } from '../tickets/expire-unused-uploads.ts';
import { purgeableTables } from '../erasure/purge-tombstones.ts';
import { invocationIdsBefore } from '../../db/queries/webhooks.ts';
import { INVOCATION_RETENTION_DAYS } from '../webhooks/delivery-rules.ts';

// The retention rules the watchdog holds to account (docs/reports.md "Retention watchdog").
// Each asks the very query its sweep reads (src/jobs/sweeps.ts), with the cutoff moved back
// by the grace period: what it finds is something the sweep should have removed a while
// ago and did not. Ids only, at most SAMPLE per rule.

const DAY_MS = 86_400_000;
/** How many overdue ids a rule reports (the count is capped there too: "at least"). */
export const SAMPLE = 100;

export interface RuleCheck {
  /** Items older than this are overdue; null when the rule is off (no retention set). */
  dueBefore: string | null;
  ids: number[];
}

export interface RetentionRule {
  /** A stable key (`deleted_users`), used in audit events and the API. */
  name: string;
  /** What it removes, as the Reports page says it (fixed words). */
  label: string;
  /** The overdue items: `graceCutoff(days)` is the moment before which an item is overdue. */
  check(ctx: Ctx, graceCutoff: (days: number) => string): Promise<RuleCheck>;
}

const BUILT_IN: RetentionRule[] = [
  {
    name: 'deleted_users',
    label: 'Deleted contacts erased after their retention',
    async check(ctx, cutoff) {
      const due = cutoff((await getSettings(ctx)).deleted_users_retention_days);
      return { dueBefore: due, ids: (await usersDeletedBefore(ctx.db, due, null, SAMPLE)).map((r) => r.id) };
    },
  },
  {
    name: 'deleted_tickets',
    label: 'Deleted tickets erased after their retention',
    async check(ctx, cutoff) {
      const due = cutoff((await getSettings(ctx)).deleted_tickets_retention_days);
      return { dueBefore: due, ids: (await ticketsInStateBefore(ctx.db, 'deleted', due, null, SAMPLE)).map((r) => r.id) };
    },
  },
  {
    name: 'spam_tickets',
    label: 'Spam tickets erased after their retention',
    async check(ctx, cutoff) {
      const due = cutoff((await getSettings(ctx)).spam_retention_days);
      // As the sweep: a deleted contact's spam waits for the contact (the deleted_users rule).
      return { dueBefore: due, ids: (await ticketsInStateBefore(ctx.db, 'spam', due, null, SAMPLE, { requesterLive: true })).map((r) => r.id) };
    },
  },
  {
    name: 'call_recordings',
    label: 'Call recordings past their phone line’s retention, and erased tickets’ recordings after 7 days',
    async check(ctx, cutoff) {
      const ids: number[] = [];
      for (const line of await linesWithRetention(ctx.db)) {
        ids.push(...(await lineRecordingsBefore(ctx.db, line.id, cutoff(line.recording_retention_days!), 0, SAMPLE)).map((r) => r.id));
      }
      for (const t of purgeableTables()) ids.push(...(await tombstonesBefore(ctx.db, t.table, t.marker, cutoff(t.days), SAMPLE)));
      return { dueBefore: null, ids: ids.slice(0, SAMPLE) };
    },
  },
  {
    name: 'chats',
    label: 'Chats past the chat retention',
    async check(ctx, cutoff) {
      const days = (await getSettings(ctx)).chat_retention_days;
      if (days === null) return { dueBefore: null, ids: [] };
      const due = cutoff(days);
      return { dueBefore: due, ids: (await chatsStartedBefore(ctx.db, due, null, SAMPLE)).map((r) => r.id) };
    },
  },
  {
    name: 'unused_uploads',
    label: 'Uploads never used in a comment',
    async check(ctx, cutoff) {
      const due = cutoff(UNUSED_UPLOAD_DAYS);
      return { dueBefore: due, ids: await unusedUploadsBefore(ctx.db, due, 0, SAMPLE) };
    },
  },
  {
    name: 'webhook_invocations',
    label: 'Webhook invocations and the bodies they sent, after 7 days',
    async check(ctx, cutoff) {
      const due = cutoff(INVOCATION_RETENTION_DAYS);
      return { dueBefore: due, ids: await invocationIdsBefore(ctx.db, due, SAMPLE) };
    },
  },
];

const registry: RetentionRule[] = [...BUILT_IN];

/**
 * Adds a retention rule for the watchdog to check after every sweep, for a store that keeps
 * its rule outside this file (with the query its own sweep reads); the watchdog then checks
 * and reports it like the others.
 * A second rule with the same name is refused, so a rule cannot be silently replaced.
 */
export function registerRetentionRule(rule: RetentionRule): void {
  if (registry.some((r) => r.name === rule.name)) throw new Error(`retention rule ${rule.name} is already registered`);
  registry.push(rule);
}

/** Every rule, built-in first, in registration order. */
export function retentionRules(): readonly RetentionRule[] {
  return registry;
}

/** The cutoff function for a check made at `now` with `graceMs` of slack. */
export function graceCutoffAt(now: Date, graceMs: number): (days: number) => string {
  return (days) => new Date(now.getTime() - days * DAY_MS - graceMs).toISOString();
}

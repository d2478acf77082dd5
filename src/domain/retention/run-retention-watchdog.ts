import type { Ctx } from '../../context.ts';
import type { RetentionReport } from '../../shared/reports.ts';
import { recordEvent } from '../events.ts';
import { graceCutoffAt, retentionRules } from './rules.ts';

// The retention watchdog (docs/reports.md): after the sweeps, every retention rule is asked
// for items its sweep should have removed more than the grace period ago. A sweep that
// failed (an exception, a bug that skips rows, a stopped timer) leaves such items, and each
// overdue rule writes an audit event — ids and counts only — and shows on the Reports page.

/** How late an item may be before it counts: sweeps run every few minutes, a day is slack enough. */
export const RETENTION_GRACE_HOURS = 24;
const HOUR_MS = 3_600_000;
/** Ids an audit event lists (the count says how many there are, up to the rules' sample). */
const EVENT_IDS = 20;

/** Checks every rule as of ctx.now(); reads only. */
export async function checkRetention(ctx: Ctx): Promise<RetentionReport> {
  const now = ctx.now();
  const cutoff = graceCutoffAt(now, RETENTION_GRACE_HOURS * HOUR_MS);
  const rules = [];
  for (const rule of retentionRules()) {
    const r = await rule.check(ctx, cutoff);
    rules.push({ rule: rule.name, label: rule.label, overdue: r.ids.length, ids: r.ids, due_before: r.dueBefore });
  }
  return { checked_at: now.toISOString(), grace_hours: RETENTION_GRACE_HOURS, rules, overdue: rules.reduce((n, r) => n + r.overdue, 0) };
}

/**
 * The scheduled check (src/jobs/sweeps.ts runs it after the sweeps, even when one threw):
 * one `retention.overdue` audit event per overdue rule, in one transaction. Returns the
 * report; writes nothing when all is in time.
 */
export async function runRetentionWatchdog(ctx: Ctx): Promise<RetentionReport> {
  const report = await checkRetention(ctx);
  const late = report.rules.filter((r) => r.overdue > 0);
  if (late.length) {
    await ctx.db.transaction().execute(async (trx) => {
      for (const r of late) {
        await recordEvent(ctx, trx, {
          action: 'retention.overdue',
          subjectType: 'retention_rule',
          subjectId: null,
          details: { rule: r.rule, overdue: r.overdue, ids: r.ids.slice(0, EVENT_IDS), grace_hours: report.grace_hours },
        });
      }
    });
  }
  return report;
}

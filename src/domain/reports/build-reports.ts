import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  backlogBefore,
  dailySums,
  sortedDurations,
  erasureRequestsAround,
  nextDay,
  type DailySums,
  type DayRange,
  type Duration,
} from '../../db/queries/reports.ts';
import type {
  BacklogReport,
  CsatReport,
  DurationReport,
  ErasureRequestFigure,
  ErasureRequestsReport,
  ReportRange,
  SpamReport,
  TicketsReport,
} from '../../shared/reports.ts';
import { daysOf } from './range.ts';

// Each report from the rollups and facts (docs/reports.md says what every figure means).

const rangeOf = (r: DayRange): ReportRange => ({ start: r.startDay, end: r.endDay, group_id: r.groupId });

function byDay(rows: DailySums[]): Map<string, DailySums[]> {
  const m = new Map<string, DailySums[]>();
  for (const row of rows) m.set(row.day, [...(m.get(row.day) ?? []), row]);
  return m;
}
const sum = (rows: DailySums[] | undefined, k: keyof Omit<DailySums, 'day' | 'channel'>) => (rows ?? []).reduce((n, r) => n + r[k], 0);
const percent = (good: number, bad: number) => (good + bad ? Math.round((1000 * good) / (good + bad)) / 10 : null);

export async function ticketsReport(db: Kysely<Database>, r: DayRange): Promise<TicketsReport> {
  const rows = await dailySums(db, r);
  const channels = [...new Set(rows.filter((x) => x.created || x.solved).map((x) => x.channel))].sort();
  const days = byDay(rows);
  const out = daysOf(r).map((day) => {
    const created: Record<string, number> = {};
    const solved: Record<string, number> = {};
    for (const c of channels) {
      const row = days.get(day)?.find((x) => x.channel === c);
      created[c] = row?.created ?? 0;
      solved[c] = row?.solved ?? 0;
    }
    return { day, created, solved };
  });
  return { ...rangeOf(r), channels, days: out, totals: { created: sum(rows, 'created'), solved: sum(rows, 'solved') } };
}

/** Nearest rank: the value at position ceil(p × n) of the n sorted durations. */
function percentile(sorted: Float64Array, p: number): number | null {
  return sorted.length ? sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]! : null;
}

export async function durationReport(db: Kysely<Database>, d: Duration, r: DayRange): Promise<DurationReport> {
  const days = byDay(await dailySums(db, r));
  const [countKey, minutesKey] = d === 'first_reply' ? (['first_reply_count', 'first_reply_minutes'] as const) : (['solved', 'resolution_minutes'] as const);
  const sorted = await sortedDurations(db, d, r);
  return {
    ...rangeOf(r),
    summary: { count: sorted.length, median_minutes: percentile(sorted, 0.5), p90_minutes: percentile(sorted, 0.9) },
    days: daysOf(r).map((day) => {
      const n = sum(days.get(day), countKey);
      return { day, count: n, average_minutes: n ? Math.round(sum(days.get(day), minutesKey) / n) : null };
    }),
  };
}

export async function backlogReport(db: Kysely<Database>, r: DayRange): Promise<BacklogReport> {
  const days = byDay(await dailySums(db, r));
  let backlog = await backlogBefore(db, r.startDay, r.groupId);
  return {
    ...rangeOf(r),
    days: daysOf(r).map((day) => {
      const rows = days.get(day);
      backlog += sum(rows, 'created') - sum(rows, 'solved') - sum(rows, 'removed');
      return { day, backlog };
    }),
  };
}

export async function csatReport(db: Kysely<Database>, r: DayRange): Promise<CsatReport> {
  const rows = await dailySums(db, r);
  const days = byDay(rows);
  const good = sum(rows, 'csat_good');
  const bad = sum(rows, 'csat_bad');
  return {
    ...rangeOf(r),
    summary: { good, bad, score: percent(good, bad) },
    days: daysOf(r).map((day) => {
      const g = sum(days.get(day), 'csat_good');
      const b = sum(days.get(day), 'csat_bad');
      return { day, good: g, bad: b, score: percent(g, b) };
    }),
  };
}

export async function spamReport(db: Kysely<Database>, r: DayRange): Promise<SpamReport> {
  const rows = await dailySums(db, r);
  const days = byDay(rows);
  return { ...rangeOf(r), total: sum(rows, 'spam'), days: daysOf(r).map((day) => ({ day, spam: sum(days.get(day), 'spam') })) };
}

/**
 * Erasure requests: received and completed per day; each request received in the range with
 * its deadline (the extended one if extended) and whether it was met. Requests have no group,
 * so `group_id` does not narrow this report.
 */
export async function erasureRequestsReport(db: Kysely<Database>, r: DayRange, now: Date): Promise<ErasureRequestsReport> {
  const startAt = `${r.startDay}T00:00:00`;
  const endBefore = `${nextDay(r.endDay)}T00:00:00`;
  const rows = await erasureRequestsAround(db, startAt, endBefore);
  const nowIso = now.toISOString();
  const inRange = (at: string | null) => at !== null && at >= startAt && at < endBefore;
  const requests: ErasureRequestFigure[] = rows
    .filter((x) => inRange(x.received_at))
    .map((x) => {
      const due = x.extended_until ?? x.due_at;
      const open = x.status !== 'completed' && x.status !== 'cancelled';
      return {
        id: x.id,
        status: x.status,
        received_at: x.received_at,
        due_at: due,
        completed_at: x.completed_at,
        on_time: x.completed_at ? x.completed_at <= due : open && due < nowIso ? false : null,
        overdue: open && due < nowIso,
      };
    });
  const days = daysOf(r).map((day) => ({
    day,
    received: rows.filter((x) => inRange(x.received_at) && x.received_at.startsWith(day)).length,
    completed: rows.filter((x) => inRange(x.completed_at) && x.completed_at!.startsWith(day)).length,
  }));
  const completed = rows.filter((x) => inRange(x.completed_at));
  return {
    ...rangeOf(r),
    summary: {
      received: requests.length,
      completed: completed.length,
      completed_on_time: completed.filter((x) => x.completed_at! <= (x.extended_until ?? x.due_at)).length,
      open: requests.filter((x) => x.status !== 'completed' && x.status !== 'cancelled').length,
      overdue: requests.filter((x) => x.overdue).length,
    },
    days,
    requests,
  };
}

import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { erDb } from './erasure-requests.ts';

// The reports' reads (docs/reports.md). Counts come from the daily rollups (a few rows per
// day, whatever the ticket volume); medians and p90s from the fact rows of the range, through
// the indexes on (time, minutes). Days are text `YYYY-MM-DD`; times ISO-8601 UTC text, so a
// range of days is a range of strings on both databases.

export interface DayRange {
  startDay: string;
  endDay: string;
  groupId: number | null;
}

export interface DailySums {
  day: string;
  channel: string;
  created: number;
  solved: number;
  spam: number;
  removed: number;
  first_reply_count: number;
  first_reply_minutes: number;
  resolution_minutes: number;
  csat_good: number;
  csat_bad: number;
}

const SUMMED = ['created', 'solved', 'spam', 'removed', 'first_reply_count', 'first_reply_minutes', 'resolution_minutes', 'csat_good', 'csat_bad'] as const;

/** The rollups of the range, summed over groups (or of one group): one row per day and channel. */
export async function dailySums(db: Kysely<Database>, r: DayRange): Promise<DailySums[]> {
  let q = db
    .selectFrom('report_daily')
    .select(['day', 'channel', ...SUMMED.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c))])
    .where('day', '>=', r.startDay)
    .where('day', '<=', r.endDay);
  if (r.groupId !== null) q = q.where('group_id', '=', r.groupId);
  const rows = await q.groupBy(['day', 'channel']).orderBy('day').orderBy('channel').execute();
  // PostgreSQL answers sums of bigint as strings.
  return rows.map((row) => ({ day: row.day, channel: row.channel, ...Object.fromEntries(SUMMED.map((c) => [c, Number(row[c])])) }) as DailySums);
}

/** Created − solved − removed before `day`: the backlog the range starts with. */
export async function backlogBefore(db: Kysely<Database>, day: string, groupId: number | null): Promise<number> {
  let q = db
    .selectFrom('report_daily')
    .select([sql<number>`coalesce(sum(created), 0) - coalesce(sum(solved), 0) - coalesce(sum(removed), 0)`.as('n')])
    .where('day', '<', day);
  if (groupId !== null) q = q.where('group_id', '=', groupId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The day after a `YYYY-MM-DD` day. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Which duration: first reply (by the ticket's creation day) or resolution (by its solve day). */
export type Duration = 'first_reply' | 'resolution';

function durationRows(db: Kysely<Database>, d: Duration, r: DayRange) {
  const [at, minutes] = d === 'first_reply' ? (['created_at', 'first_reply_minutes'] as const) : (['solved_at', 'resolution_minutes'] as const);
  let q = db
    .selectFrom('ticket_facts')
    .where(at, '>=', `${r.startDay}T00:00:00`)
    .where(at, '<', `${nextDay(r.endDay)}T00:00:00`)
    .where(minutes, 'is not', null)
    .where('is_spam', '=', 0);
  if (r.groupId !== null) q = q.where('group_id', '=', r.groupId);
  return { q, minutes };
}

/**
 * Every duration of the range, sorted ascending: one covering-index range scan (migration 040),
 * sorted here, which at a year of a million tickets is several times faster than asking the
 * database for a count and two OFFSET ranks.
 */
export async function sortedDurations(db: Kysely<Database>, d: Duration, r: DayRange): Promise<Float64Array> {
  const { q, minutes } = durationRows(db, d, r);
  const rows = await q.select(`${minutes} as m`).execute();
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = Number(rows[i]!.m);
  return out.sort();
}

/** Erasure requests received in the range or completed in it: ids, states and dates only. */
export async function erasureRequestsAround(db: Kysely<Database>, startAt: string, endBefore: string) {
  return erDb(db)
    .selectFrom('erasure_requests')
    .select(['id', 'status', 'received_at', 'due_at', 'extended_until', 'completed_at'])
    .where((eb) =>
      eb.or([
        eb.and([eb('received_at', '>=', startAt), eb('received_at', '<', endBefore)]),
        eb.and([eb('completed_at', '>=', startAt), eb('completed_at', '<', endBefore)]),
      ]),
    )
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

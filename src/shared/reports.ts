import { z } from 'zod';
import { IdText, optionalParam } from './query.ts';

// The Reports page's shapes (docs/reports.md): what GET /api/v2/reports/{report} answers.
// Days are UTC calendar days (YYYY-MM-DD), both ends of a range included.

export const REPORT_NAMES = ['tickets', 'first_reply', 'resolution', 'backlog', 'csat', 'spam', 'erasure_requests'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** The longest range one report covers (two years and a day, so any 1-year window plus slack fits). */
export const MAX_REPORT_DAYS = 732;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD').refine((d) => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}, 'is not a calendar day');

/** ?start=&end=&group_id= (group_id: one group's tickets; tickets without a group are left out then). */
export const ReportQuerySchema = z
  .object({
    // Read as every query parameter is (src/shared/query.ts): given twice is refused, empty is absent.
    start: optionalParam(Day),
    end: optionalParam(Day),
    group_id: optionalParam(IdText),
  })
  .strict();
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

export interface ReportRange {
  start: string;
  end: string;
  group_id: number | null;
}

/** Tickets created and solved per day, by channel (spam left out). */
export interface TicketsReport extends ReportRange {
  channels: string[];
  days: { day: string; created: Record<string, number>; solved: Record<string, number> }[];
  totals: { created: number; solved: number };
}

/** Minutes, calendar time. Median and p90 by nearest rank over the whole range; per day the mean. */
export interface DurationReport extends ReportRange {
  summary: { count: number; median_minutes: number | null; p90_minutes: number | null };
  days: { day: string; count: number; average_minutes: number | null }[];
}

/** Unsolved tickets at the end of each day. */
export interface BacklogReport extends ReportRange {
  days: { day: string; backlog: number }[];
}

/** CSAT: good / (good + bad), in percent, by day of rating. */
export interface CsatReport extends ReportRange {
  summary: { good: number; bad: number; score: number | null };
  days: { day: string; good: number; bad: number; score: number | null }[];
}

/** Tickets held as spam, by day of creation. */
export interface SpamReport extends ReportRange {
  total: number;
  days: { day: string; spam: number }[];
}

/** One erasure request received in the range: ids and dates only. */
export interface ErasureRequestFigure {
  id: number;
  status: string;
  received_at: string;
  /** The deadline: the extended one when the request was extended (GDPR Art. 12(3)). */
  due_at: string;
  completed_at: string | null;
  /** Completed by its deadline; null while open and not yet due. */
  on_time: boolean | null;
  overdue: boolean;
}

export interface ErasureRequestsReport extends ReportRange {
  summary: { received: number; completed: number; completed_on_time: number; open: number; overdue: number };
  days: { day: string; received: number; completed: number }[];
  requests: ErasureRequestFigure[];
}

export type AnyReport = TicketsReport | DurationReport | BacklogReport | CsatReport | SpamReport | ErasureRequestsReport;

/** GET /api/v2/reports/retention: one line per retention rule, ids and counts only. */
export interface RetentionRuleStatus {
  rule: string;
  /** What the rule removes, in words (fixed text). */
  label: string;
  /** Overdue items beyond the grace period; at most `sample_limit` ids listed. */
  overdue: number;
  ids: number[];
  /** Null when the rule is off (a retention not set). */
  due_before: string | null;
}

export interface RetentionReport {
  checked_at: string;
  grace_hours: number;
  rules: RetentionRuleStatus[];
  overdue: number;
}

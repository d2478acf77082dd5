import { AppError } from '../../errors.ts';
import { MAX_REPORT_DAYS, type ReportQuery } from '../../shared/reports.ts';
import type { DayRange } from '../../db/queries/reports.ts';

const DAY_MS = 86_400_000;
/** Without `start`, a report covers the 30 days that end with `end` (today by default). */
export const DEFAULT_REPORT_DAYS = 30;

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
const timeOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The UTC days a report covers, both ends included; 400 when the range is backwards or too long. */
export function resolveRange(now: Date, q: ReportQuery): DayRange {
  const endDay = q.end ?? dayOf(now.getTime());
  const startDay = q.start ?? dayOf(timeOf(endDay) - (DEFAULT_REPORT_DAYS - 1) * DAY_MS);
  if (startDay > endDay) throw new AppError('invalid_request', `start ${startDay} is after end ${endDay}.`);
  const days = (timeOf(endDay) - timeOf(startDay)) / DAY_MS + 1;
  if (days > MAX_REPORT_DAYS) throw new AppError('invalid_request', `A report covers at most ${MAX_REPORT_DAYS} days; this range has ${days}.`);
  return { startDay, endDay, groupId: q.group_id ?? null };
}

/** Every day of the range, in order (the charts want a point for each, even a quiet one). */
export function daysOf(r: DayRange): string[] {
  const out: string[] = [];
  for (let t = timeOf(r.startDay); t <= timeOf(r.endDay); t += DAY_MS) out.push(dayOf(t));
  return out;
}

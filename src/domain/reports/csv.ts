import type {
  AnyReport,
  BacklogReport,
  CsatReport,
  DurationReport,
  ErasureRequestsReport,
  ReportName,
  SpamReport,
  TicketsReport,
} from '../../shared/reports.ts';

// CSV downloads of the reports (RFC 4180): comma-separated, CRLF line ends, a field quoted
// when it holds a comma, a quote, CR or LF, a quote doubled inside. No CSV library is
// installed and the rule is this short; csv.test.ts holds it to the RFC's cases. Reports
// hold ids, days, counts and fixed words, never text someone typed, so no cell can start a
// spreadsheet formula from a person's input.

type Cell = string | number | boolean | null;

/** One CSV field. */
export function csvField(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV document: a header row, then the rows, each line ended by CRLF. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

/** The rows of a report as a table (one line per day, or per request). */
export function reportCsv(name: ReportName, report: AnyReport): string {
  switch (name) {
    case 'tickets': {
      const t = report as TicketsReport;
      return toCsv(['day', 'channel', 'created', 'solved'], t.days.flatMap((d) => t.channels.map((c) => [d.day, c, d.created[c] ?? 0, d.solved[c] ?? 0])));
    }
    case 'first_reply':
    case 'resolution': {
      const t = report as DurationReport;
      return toCsv(['day', 'count', 'average_minutes'], t.days.map((d) => [d.day, d.count, d.average_minutes]));
    }
    case 'backlog':
      return toCsv(['day', 'backlog'], (report as BacklogReport).days.map((d) => [d.day, d.backlog]));
    case 'csat':
      return toCsv(['day', 'good', 'bad', 'score_percent'], (report as CsatReport).days.map((d) => [d.day, d.good, d.bad, d.score]));
    case 'spam':
      return toCsv(['day', 'spam'], (report as SpamReport).days.map((d) => [d.day, d.spam]));
    case 'erasure_requests':
      return toCsv(
        ['id', 'status', 'received_at', 'due_at', 'completed_at', 'on_time', 'overdue'],
        (report as ErasureRequestsReport).requests.map((x) => [x.id, x.status, x.received_at, x.due_at, x.completed_at, x.on_time, x.overdue]),
      );
  }
}

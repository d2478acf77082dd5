import type { Ctx } from '../../context.ts';
import type { AnyReport, ReportName, ReportQuery } from '../../shared/reports.ts';
import { authorize, canReadReports } from '../policy.ts';
import { backlogReport, csatReport, durationReport, erasureRequestsReport, spamReport, ticketsReport } from './build-reports.ts';
import { resolveRange } from './range.ts';

/** One report over a range of days (admins; docs/reports.md). Reads only: no transaction, no event. */
export async function readReport(ctx: Ctx, input: { report: ReportName; query: ReportQuery }): Promise<AnyReport> {
  authorize(canReadReports(ctx.actor!));
  const r = resolveRange(ctx.now(), input.query);
  switch (input.report) {
    case 'tickets':
      return ticketsReport(ctx.db, r);
    case 'first_reply':
    case 'resolution':
      return durationReport(ctx.db, input.report, r);
    case 'backlog':
      return backlogReport(ctx.db, r);
    case 'csat':
      return csatReport(ctx.db, r);
    case 'spam':
      return spamReport(ctx.db, r);
    case 'erasure_requests':
      return erasureRequestsReport(ctx.db, r, ctx.now());
  }
}

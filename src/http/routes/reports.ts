import type { FastifyInstance } from 'fastify';
import { reportCsv } from '../../domain/reports/csv.ts';
import { readReport } from '../../domain/reports/read-report.ts';
import { readRetention } from '../../domain/retention/read-retention.ts';
import { REPORT_NAMES, ReportQuerySchema, type AnyReport, type RetentionReport } from '../../shared/reports.ts';
import { parseQuery } from '../query.ts';

// Reports (an Oubli extension, docs/reports.md): GET /reports/{name} answers JSON and
// /reports/{name}.csv the same rows as a CSV download. One route per name, so a fixed word
// is never taken for a parameter and an unknown report is 404 InvalidEndpoint.

export default async function routes(app: FastifyInstance): Promise<void> {
  for (const report of REPORT_NAMES) {
    app.get(`/reports/${report}`, async (req): Promise<{ report: AnyReport }> => {
      return { report: await readReport(req.ctx, { report, query: parseQuery(ReportQuerySchema, req.query) }) };
    });
    app.get(`/reports/${report}.csv`, async (req, reply) => {
      const r = await readReport(req.ctx, { report, query: parseQuery(ReportQuerySchema, req.query) });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${report}-${r.start}-${r.end}.csv"`)
        .send(reportCsv(report, r));
    });
  }
  app.get('/reports/retention', async (req): Promise<{ retention: RetentionReport }> => ({ retention: await readRetention(req.ctx) }));
}

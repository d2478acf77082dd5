import type { Ctx } from '../../context.ts';
import type { RetentionReport } from '../../shared/reports.ts';
import { authorize, canReadReports } from '../policy.ts';
import { checkRetention } from './run-retention-watchdog.ts';

/** GET /api/v2/reports/retention: the watchdog's check as of now, for admins (reads only, no event). */
export async function readRetention(ctx: Ctx): Promise<RetentionReport> {
  authorize(canReadReports(ctx.actor!));
  return checkRetention(ctx);
}

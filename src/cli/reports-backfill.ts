import { silentLogger, SYSTEM_ACTOR, type Ctx } from '../context.ts';
import { backfillReportFacts } from '../domain/reports/backfill-report-facts.ts';
import type { Flags } from './main.ts';
import { configFrom, openForCommand } from './open.ts';

/** `oubli reports-backfill`: report facts for tickets that predate them (docs/reports.md "Backfill"). */
export async function reportsBackfillCommand(flags: Flags): Promise<number> {
  const store = await openForCommand(configFrom(flags), { create: false });
  try {
    const ctx: Ctx = { db: store.db, caps: store.caps, now: () => new Date(), log: silentLogger, actor: SYSTEM_ACTOR };
    const n = await backfillReportFacts(ctx);
    console.log(`Report facts are in step for ${n} tickets.`);
    return 0;
  } finally {
    await store.close();
  }
}

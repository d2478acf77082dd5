import { silentLogger } from '../context.ts';
import { runSweeps } from '../jobs/sweeps.ts';
import { AppError } from '../errors.ts';
import type { Flags } from './main.ts';
import { configFrom, openForCommand } from './open.ts';

/** `oubli sweep [--as-of T] [--dry-run]`: the retention sweeps, as if it were that moment. */
export async function sweepCommand(flags: Flags): Promise<number> {
  let asOf = new Date();
  if (typeof flags['as-of'] === 'string') {
    asOf = new Date(flags['as-of']);
    if (!/^\d{4}-\d{2}-\d{2}/.test(flags['as-of']) || Number.isNaN(asOf.getTime())) {
      throw new AppError('invalid_request', `--as-of "${flags['as-of']}" is not an ISO-8601 time (2026-12-31T00:00:00Z)`);
    }
  }
  const store = await openForCommand(configFrom(flags), { create: false });
  try {
    const ctx = { db: store.db, caps: store.caps, now: () => asOf, log: silentLogger, actor: null };
    const report = await runSweeps(ctx, { dryRun: flags['dry-run'] === true });
    console.log(`Sweep as of ${report.asOf}${report.dryRun ? ' (dry run: nothing changed)' : ''}:`);
    for (const line of report.lines) console.log(`  ${line}`);
    if (!report.lines.length) console.log('  nothing to do');
    return 0;
  } finally {
    await store.close();
  }
}

import { silentLogger, SYSTEM_ACTOR, type Ctx } from '../context.ts';
import { runSweeps } from '../jobs/sweeps.ts';
import { AppError } from '../errors.ts';
import type { Flags } from './main.ts';
import { configFrom, openForCommand } from './open.ts';

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The moment named by --as-of; refuses anything that is not an ISO-8601 date or time, or a date that does not exist. */
export function parseAsOf(raw: string): Date {
  const d = new Date(raw);
  const day = raw.slice(0, 10);
  // `new Date` rolls 2026-02-30 over to March; a date that does not exist is a typo.
  const exists = !Number.isNaN(d.getTime()) && new Date(`${day}T12:00:00Z`).toISOString().slice(0, 10) === day;
  if (!ISO.test(raw) || !exists) {
    throw new AppError('invalid_request', `--as-of "${raw.slice(0, 40)}" is not an ISO-8601 time (2026-12-31T00:00:00Z)`);
  }
  return d;
}

/** `oubli sweep [--as-of T] [--dry-run]`: the retention sweeps, as if it were that moment. */
export async function sweepCommand(flags: Flags, positionals: string[] = []): Promise<number> {
  if (positionals.length) throw new AppError('invalid_request', `unexpected argument "${positionals[0]!.slice(0, 40)}" (flags are --as-of, --dry-run, --data-dir)`);
  const asOf = typeof flags['as-of'] === 'string' ? parseAsOf(flags['as-of']) : new Date();
  const store = await openForCommand(configFrom(flags), { create: false });
  try {
    const ctx: Ctx = { db: store.db, caps: store.caps, now: () => asOf, log: silentLogger, actor: SYSTEM_ACTOR, checkpoint: store.checkpoint };
    const report = await runSweeps(ctx, { dryRun: flags['dry-run'] === true });
    console.log(`Sweep as of ${report.asOf}${report.dryRun ? ' (dry run: nothing changed)' : ''}:`);
    for (const line of report.lines) console.log(`  ${line}`);
    if (!report.lines.length) console.log('  nothing to do');
    for (const line of report.maintenance ?? []) console.log(`  search index: ${line}`);
    for (const line of report.overdue ?? []) console.log(`  retention watchdog: ${line}`);
    // Erased text must leave the -wal file too (a WAL page keeps the old bytes until a
    // checkpoint); an open reader can hold it back.
    if (!report.dryRun && report.lines.length && (await store.checkpoint()).busy) {
      console.log('  note: the database was busy, so erased data may stay in the write-ahead log until the next checkpoint');
    }
    return 0;
  } finally {
    await store.close();
  }
}

import type { Ctx } from '../context.ts';

export interface SweepReport {
  asOf: string;
  dryRun: boolean;
  /** One line per thing done (or that would be done): ids and counts only. */
  lines: string[];
}

/** Runs every retention sweep as of ctx.now(). Placeholder until the sweeps land. */
export async function runSweeps(ctx: Ctx, opts: { dryRun: boolean }): Promise<SweepReport> {
  return { asOf: ctx.now().toISOString(), dryRun: opts.dryRun, lines: [] };
}

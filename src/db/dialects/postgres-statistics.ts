import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { ColumnNames, StatisticsReport } from '../statistics-policy.ts';
import { clearStatistics, statisticsRows, statisticsTargets, turnStatisticsOff, type StatisticsTarget } from '../queries/statistics.ts';

// Planner statistics without personal values on PostgreSQL (issue 9): every column the
// erasure map calls personal, and every expression index computed from one (the full-text
// indexes, whose statistics are lists of lexemes), has its statistics target at 0, so
// ANALYZE and autovacuum never copy its values into pg_statistic. Run by migrate() after the
// migrations on every start, from the map: a new personal column follows without a
// migration of its own. Idempotent; it writes only what is not yet so.

/** The targets that must be 0: personal columns, and index expressions computed from one. */
export function personalTargets(all: StatisticsTarget[], personal: ColumnNames): StatisticsTarget[] {
  const isPersonal = new Set(personal.map((p) => `${p.table}.${p.column}`));
  return all.filter((t) => t.sources.some((c) => isPersonal.has(`${t.table}.${c}`)));
}

/** Sets the targets of personal columns to 0 and removes statistics collected before. */
export async function keepValuesOutOfPostgresStatistics(db: Kysely<Database>, personal: ColumnNames): Promise<StatisticsReport> {
  const targets = personalTargets(await statisticsTargets(db), personal);
  let targetsSet = 0;
  for (const t of targets.filter((x) => x.target !== 0)) {
    await turnStatisticsOff(db, t);
    targetsSet++;
  }
  const rows = new Set(await statisticsRows(db));
  let cleared = 0;
  const left: string[] = [];
  for (const t of targets.filter((x) => rows.has(`${x.relation}.${x.column}`))) {
    if (await clearStatistics(db, t)) cleared++;
    else left.push(`${t.relation}.${t.column}`);
  }
  return { targetsSet, cleared, left };
}

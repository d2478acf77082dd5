import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { clearStatistics, statisticsRows, statisticsTargets, turnStatisticsOff, type StatisticsTarget } from '../queries/statistics.ts';

// Planner statistics without personal values on PostgreSQL (issue 9): every column the
// erasure map calls personal, and every expression index computed from one (the full-text
// indexes, whose statistics are lists of lexemes), has its statistics target at 0, so
// ANALYZE and autovacuum never copy its values into pg_statistic. Run by migrate() after the
// migrations on every start, from the map: a new personal column follows without a
// migration of its own. Idempotent; it writes only what is not yet so.

/** What the statistics step did: targets it set, old statistics it removed, and those it could not. */
export interface StatisticsReport {
  targetsSet: number;
  cleared: number;
  /** `relation.column` of old statistics rows that stay (no right to remove them): docs/operations.md. */
  left: string[];
}

/** `table.column` names. */
export type PersonalColumns = readonly { table: string; column: string }[];

/** The targets that must be 0: personal columns, and index expressions computed from one. */
export function personalTargets(all: StatisticsTarget[], personal: PersonalColumns): StatisticsTarget[] {
  const isPersonal = new Set(personal.map((p) => `${p.table}.${p.column}`));
  return all.filter((t) => t.sources.some((c) => isPersonal.has(`${t.table}.${c}`)));
}

/** Sets the targets of personal columns to 0 and removes statistics collected before. */
export async function keepValuesOutOfPostgresStatistics(db: Kysely<Database>, personal: PersonalColumns): Promise<StatisticsReport> {
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

// What the planner's statistics may hold, as the erasure map says (graph.ts derives it):
// PostgreSQL turns statistics off column by column (personal); SQLite keeps the samples of
// an index only when all its columns are plain data (plain). Both lists come from the map,
// so a new column follows it without a migration of its own.

/** `table.column` names. */
export type ColumnNames = readonly { table: string; column: string }[];

export interface StatisticsPolicy {
  /** Columns the map calls personal. */
  personal: ColumnNames;
  /** Columns the map calls data or a reference, on tables that are not derived copies. */
  plain: ColumnNames;
}

/** What the statistics step did: targets it set, old statistics it removed, and those it could not. */
export interface StatisticsReport {
  targetsSet: number;
  cleared: number;
  /** `relation.column` of old statistics rows that stay (no right to remove them): docs/operations.md. */
  left: string[];
}

import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// PostgreSQL's planner statistics (pg_statistic, read through pg_stats). ANALYZE — and
// autovacuum, which runs it on its own — stores each column's most common values and
// histogram bounds, and for an expression index (the full-text indexes) the most common
// lexemes: copies of names, addresses and words of comments that a query can read after
// the rows are gone. A column whose statistics target is 0 gets no row at all. Table, index
// and column names here come from the catalogs and the erasure map, never from a request.

/** One statistics target of the current schema: a table column, or an expression column of an index. */
export interface StatisticsTarget {
  /** The relation the statistics row belongs to: the table, or the index for an expression. */
  relation: string;
  kind: 'column' | 'index-expression';
  /** The column name as pg_stats shows it (for an index expression, PostgreSQL's own name for it). */
  column: string;
  /** Its position in the relation (ALTER INDEX … ALTER COLUMN takes the number). */
  attnum: number;
  /** -1 (or null from PostgreSQL 17 on) is the default target; 0 collects nothing. */
  target: number;
  /** The table the values come from, and the table columns they are computed from. */
  table: string;
  sources: string[];
}

/** Every table column and every expression column of an index in the current schema, with its target. */
export async function statisticsTargets(db: Kysely<Database>): Promise<StatisticsTarget[]> {
  const cols = await sql<{ relation: string; column: string; attnum: number; target: number | null }>`
    select c.relname as relation, a.attname as "column", a.attnum, a.attstattarget as target
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where c.relkind in ('r', 'p')`.execute(db);
  // An index column whose key is 0 is an expression; pg_depend names the table columns the
  // index is built from (all of its expressions together: a conservative reading).
  const exprs = await sql<{ relation: string; column: string; attnum: number; target: number | null; table: string; sources: string[] }>`
    select i.relname as relation, a.attname as "column", a.attnum, a.attstattarget as target, t.relname as "table",
      array(
        select ta.attname::text from pg_depend d
        join pg_attribute ta on ta.attrelid = d.refobjid and ta.attnum = d.refobjsubid
        where d.classid = 'pg_class'::regclass and d.objid = i.oid and d.refobjid = t.oid and d.refobjsubid > 0
        order by 1
      ) as sources
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace and n.nspname = current_schema()
    join pg_attribute a on a.attrelid = i.oid and a.attnum > 0
    where x.indkey[a.attnum - 1] = 0`.execute(db);
  return [
    ...cols.rows.map((r) => ({ ...r, kind: 'column' as const, target: r.target ?? -1, table: r.relation, sources: [r.column] })),
    ...exprs.rows.map((r) => ({ ...r, kind: 'index-expression' as const, target: r.target ?? -1 })),
  ];
}

/** Sets one target to 0: ANALYZE then collects nothing for it. */
export async function turnStatisticsOff(db: Kysely<Database>, t: StatisticsTarget): Promise<void> {
  if (t.kind === 'column') {
    await sql`alter table ${sql.table(t.relation)} alter column ${sql.ref(t.column)} set statistics 0`.execute(db);
  } else {
    await sql`alter index ${sql.table(t.relation)} alter column ${sql.raw(String(Number(t.attnum)))} set statistics 0`.execute(db);
  }
}

/** Puts one target back to the default (only the proof's negative control does this). */
export async function turnStatisticsOn(db: Kysely<Database>, t: StatisticsTarget): Promise<void> {
  if (t.kind === 'column') {
    await sql`alter table ${sql.table(t.relation)} alter column ${sql.ref(t.column)} set statistics -1`.execute(db);
  } else {
    await sql`alter index ${sql.table(t.relation)} alter column ${sql.raw(String(Number(t.attnum)))} set statistics -1`.execute(db);
  }
}

/** `relation.column` of every pg_stats row of the current schema. */
export async function statisticsRows(db: Kysely<Database>): Promise<string[]> {
  const r = await sql<{ name: string }>`
    select tablename || '.' || attname as name from pg_stats where schemaname = current_schema() order by 1`.execute(db);
  return r.rows.map((x) => x.name);
}

/**
 * Deletes the statistics an ANALYZE stored before the target was 0 (a later ANALYZE skips
 * the column but leaves its old row). Only a superuser may write pg_statistic; PostgreSQL 18
 * lets the table's owner do it with pg_clear_attribute_stats. Returns false when neither is
 * possible: the operator then runs the SQL of docs/operations.md.
 */
export async function clearStatistics(db: Kysely<Database>, t: StatisticsTarget): Promise<boolean> {
  const who = await sql<{ superuser: boolean; clear: boolean }>`
    select (select rolsuper from pg_roles where rolname = current_user) as superuser,
      to_regproc('pg_catalog.pg_clear_attribute_stats') is not null as clear`.execute(db);
  const { superuser, clear } = who.rows[0]!;
  if (superuser) {
    await sql`
      delete from pg_statistic
      where starelid = (select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = current_schema() and c.relname = ${t.relation})
        and staattnum = ${t.attnum}`.execute(db);
    return true;
  }
  if (clear) {
    await sql`select pg_catalog.pg_clear_attribute_stats(current_schema()::text, ${t.relation}::text, ${t.column}::text, false)`.execute(db);
    await sql`select pg_catalog.pg_clear_attribute_stats(current_schema()::text, ${t.relation}::text, ${t.column}::text, true)`.execute(db);
    return true;
  }
  return false;
}

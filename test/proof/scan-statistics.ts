import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

// "No statistic holds it": the planner's copies of values, asked for the marker. SQLite's
// sqlite_stat4 keeps sampled index keys as record blobs; PostgreSQL's pg_statistic keeps
// most common values, histogram bounds and most common elements (lexemes) as arrays.

/** `table.index` of every sqlite_stat4 sample holding the marker (none when the table does not exist). */
export async function markerInSqliteSamples(db: Kysely<Database>, marker: string): Promise<string[]> {
  const exists = await sql<{ n: number }>`select count(*) as n from sqlite_schema where name = 'sqlite_stat4'`.execute(db);
  if (!Number(exists.rows[0]!.n)) return [];
  const r = await sql<{ name: string }>`
    select distinct tbl || '.' || idx as name from sqlite_stat4 where instr(sample, cast(${marker} as blob)) > 0 order by 1`.execute(db);
  return r.rows.map((x) => x.name);
}

/** `relation.column` of every pg_stats row of the schema holding the marker in any of its values. */
export async function markerInPgStats(db: Kysely<Database>, schema: string, marker: string): Promise<string[]> {
  const like = `%${marker}%`;
  const r = await sql<{ name: string }>`
    select tablename || '.' || attname as name from pg_stats
    where schemaname = ${schema}
      and (most_common_vals::text ilike ${like} or histogram_bounds::text ilike ${like} or most_common_elems::text ilike ${like})
    order by 1`.execute(db);
  return r.rows.map((x) => x.name);
}

/**
 * The same asked of pg_statistic itself (what pg_stats shows, and what it hides from those
 * without the column's privilege): rows of any relation of the database. Needs a superuser,
 * as the test database's role is.
 */
export async function markerInPgStatistic(db: Kysely<Database>, marker: string): Promise<number> {
  const like = `%${marker}%`;
  const r = await sql<{ n: number }>`
    select count(*) as n from pg_statistic
    where stavalues1::text ilike ${like} or stavalues2::text ilike ${like} or stavalues3::text ilike ${like}
       or stavalues4::text ilike ${like} or stavalues5::text ilike ${like}`.execute(db);
  return Number(r.rows[0]!.n);
}

/**
 * ANALYZE of this database's tables only: on PostgreSQL a bare ANALYZE reads every schema
 * of the database, the other test files' too (slow, and racing with their drops).
 */
export async function analyzeOwnTables(db: Kysely<Database>, kind: 'sqlite' | 'postgres'): Promise<void> {
  if (kind === 'sqlite') {
    await sql`analyze`.execute(db);
    return;
  }
  const r = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db);
  await sql`analyze ${sql.join(r.rows.map((t) => sql.table(t.name)))}`.execute(db);
}

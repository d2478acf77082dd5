import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** A foreign key as the database itself declares it: `table.column` references `to`. */
export interface LiveForeignKey {
  table: string;
  column: string;
  to: string;
}

/**
 * Every single- or multi-column foreign key of the live schema, one row per column (the
 * current schema only, on PostgreSQL). The erasure map is held to these: a column the
 * database knows to be a reference must be declared as one (graph.ts, foreignKeyProblems).
 */
export async function liveForeignKeys(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<LiveForeignKey[]> {
  if (dialect === 'postgres') {
    const r = await sql<LiveForeignKey>`
      select cl.relname as "table", a.attname as "column", ft.relname as "to"
      from pg_constraint c
      join pg_class cl on cl.oid = c.conrelid
      join pg_namespace n on n.oid = cl.relnamespace and n.nspname = current_schema()
      join pg_class ft on ft.oid = c.confrelid
      cross join lateral unnest(c.conkey) as k(attnum)
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
      where c.contype = 'f'
      order by 1, 2`.execute(db);
    return r.rows;
  }
  const r = await sql<LiveForeignKey>`
    select m.name as "table", f."from" as "column", f."table" as "to"
    from sqlite_master m join pragma_foreign_key_list(m.name) f
    where m.type = 'table'
    order by 1, 2`.execute(db);
  return r.rows;
}

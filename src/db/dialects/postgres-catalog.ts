import { sql } from 'kysely';
import type { DialectCatalog, LiveForeignKey, LiveRelation } from './caps.ts';

// What PostgreSQL's catalog says about the live schema, confined to the current schema (a
// test schema does not see another's).

export const postgresCatalog: DialectCatalog = {
  async foreignKeys(db) {
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
  },
  async relations(db) {
    const rels = await sql<{ relkind: string; name: string; tbl: string | null; toast: string | null }>`
      select c.relkind, c.relname as name, t.relname as tbl, tc.relname as toast
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
      left join pg_index x on x.indexrelid = c.oid
      left join pg_class t on t.oid = x.indrelid
      left join pg_class tc on tc.oid = c.reltoastrelid
      where c.relkind in ('r', 'p', 'i', 'S')
      order by c.relname`.execute(db);
    const out: LiveRelation[] = [];
    for (const r of rels.rows) {
      if (r.relkind === 'i') out.push({ kind: 'index', name: r.name, table: r.tbl ?? undefined });
      else if (r.relkind === 'S') out.push({ kind: 'sequence', name: r.name });
      else {
        out.push({ kind: 'table', name: r.name });
        if (r.toast) out.push({ kind: 'toast', name: r.toast, table: r.name });
      }
    }
    const stats = await sql<{ name: string }>`
      select distinct tablename as name from pg_stats where schemaname = current_schema() order by 1`.execute(db);
    for (const s of stats.rows) out.push({ kind: 'statistics', name: s.name });
    return out;
  },
  async indexedLeadingColumns(db) {
    const out = new Map<string, Set<string>>();
    const r = await sql<{ table: string; column: string }>`
      select t.relname as "table", a.attname as "column"
      from pg_index i
      join pg_class t on t.oid = i.indrelid
      join pg_namespace n on n.oid = t.relnamespace and n.nspname = current_schema()
      join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]`.execute(db);
    for (const row of r.rows) (out.get(row.table) ?? out.set(row.table, new Set()).get(row.table)!).add(row.column);
    return out;
  },
  holdsText: (column, type, needle) =>
    type === 'bytea' ? sql`position(${Buffer.from(needle)}::bytea in ${sql.ref(column)}) > 0` : sql`strpos(cast(${sql.ref(column)} as text), ${needle}) > 0`,
};

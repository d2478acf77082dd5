import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { DialectCatalog, LiveForeignKey } from './caps.ts';

// What SQLite's own catalog says about the live schema (sqlite_schema and its pragmas).

async function indexedLeadingColumns(db: Kysely<Database>): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const add = (t: string, c: string) => (out.get(t) ?? out.set(t, new Set()).get(t)!).add(c);
  const r = await sql<{ table: string; column: string }>`
    select m.name as "table", ii.name as "column"
    from sqlite_master m
    join pragma_index_list(m.name) il
    join pragma_index_info(il.name) ii
    where m.type = 'table' and ii.seqno = 0`.execute(db);
  for (const row of r.rows) add(row.table, row.column);
  // An INTEGER PRIMARY KEY is the rowid itself: always a lookup.
  const pk = await sql<{ table: string; column: string }>`
    select m.name as "table", p.name as "column"
    from sqlite_master m join pragma_table_info(m.name) p
    where m.type = 'table' and p.pk = 1`.execute(db);
  for (const row of pk.rows) add(row.table, row.column);
  return out;
}

export const sqliteCatalog: DialectCatalog = {
  async foreignKeys(db) {
    const r = await sql<LiveForeignKey>`
      select m.name as "table", f."from" as "column", f."table" as "to"
      from sqlite_master m join pragma_foreign_key_list(m.name) f
      where m.type = 'table'
      order by 1, 2`.execute(db);
    return r.rows;
  },
  async relations(db) {
    // sqlite_schema lists itself nowhere; it holds the schema's SQL text only.
    const r = await sql<{ type: string; name: string; tbl: string }>`
      select type, name, tbl_name as tbl from sqlite_schema where type in ('table', 'index') order by name`.execute(db);
    return r.rows.map((x) => (x.type === 'table' ? { kind: 'table' as const, name: x.name } : { kind: 'index' as const, name: x.name, table: x.tbl }));
  },
  indexedLeadingColumns,
  // Every storage class casts to its bytes; the full-text shadow tables are read too.
  holdsText: (column, _type, needle) => sql`instr(cast(${sql.ref(column)} as blob), cast(${needle} as blob)) > 0`,
};

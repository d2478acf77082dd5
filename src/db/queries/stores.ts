import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// What the database really holds, beyond the tables Kysely shows: every relation of the
// schema (internal, virtual and shadow tables, indexes, sequences, TOAST tables) and the
// relations the planner keeps statistics of. The stores inventory
// (src/domain/erasure/stores.ts) must have an answer for each.

export type RelationKind = 'table' | 'index' | 'sequence' | 'toast' | 'statistics';

/** One relation of the live database; `table` is the table it belongs to, when it is not one. */
export interface LiveRelation {
  kind: RelationKind;
  name: string;
  table?: string;
}

/** Every relation of the live database (the current schema only, on PostgreSQL). */
export async function liveRelations(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<LiveRelation[]> {
  if (dialect === 'sqlite') {
    // sqlite_schema lists itself nowhere; it holds the schema's SQL text only.
    const r = await sql<{ type: string; name: string; tbl: string }>`
      select type, name, tbl_name as tbl from sqlite_schema where type in ('table', 'index') order by name`.execute(db);
    return r.rows.map((x) => (x.type === 'table' ? { kind: 'table' as const, name: x.name } : { kind: 'index' as const, name: x.name, table: x.tbl }));
  }
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
}

import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { TestStore } from '../db.ts';

// "A refused call changed nothing": a fingerprint of every row of every table, taken before
// and after the call. Only the bookkeeping of authentication itself is left out: a token's
// or session's last use, and the password limit's count of password checks
// (`auth_attempts`), are recorded on every request, allowed or not.

const IGNORED = new Set(['api_tokens.last_used_at', 'sessions.last_seen_at']);
const IGNORED_TABLES = new Set(['auth_attempts']);

interface Table {
  name: string;
  columns: string[];
}

async function tablesOf(store: TestStore): Promise<Table[]> {
  const db = store.db as unknown as Kysely<any>;
  if (store.pgSchema) {
    const r = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = ${store.pgSchema} and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`.execute(db);
    const by = new Map<string, string[]>();
    for (const row of r.rows) by.set(row.table_name, [...(by.get(row.table_name) ?? []), row.column_name]);
    return [...by]
      .filter(([name]) => !IGNORED_TABLES.has(name))
      .map(([name, columns]) => ({ name, columns: columns.filter((c) => !IGNORED.has(`${name}.${c}`)) }));
  }
  // Ordinary tables, the full-text index's shadow tables included; not the virtual tables
  // themselves (their shadow tables hold what they hold).
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL%' order by name`.execute(db);
  const out: Table[] = [];
  for (const t of tables.rows) {
    if (IGNORED_TABLES.has(t.name)) continue;
    const cols = await sql<{ name: string }>`select name from pragma_table_info(${t.name})`.execute(db);
    out.push({ name: t.name, columns: cols.rows.map((c) => c.name).filter((c) => !IGNORED.has(`${t.name}.${c}`)) });
  }
  return out;
}

const cache = new WeakMap<TestStore, Promise<Table[]>>();

/** A fingerprint per table of all its rows; equal fingerprints mean nothing was written. */
export async function snapshot(store: TestStore): Promise<Record<string, string>> {
  if (!cache.has(store)) cache.set(store, tablesOf(store));
  const tables = await cache.get(store)!;
  const db = store.db as unknown as Kysely<any>;
  const out: Record<string, string> = {};
  if (store.pgSchema) {
    // One round trip: each table hashed by the server, rows in a stable order.
    const parts = tables.map(
      (t) => sql`select ${t.name} as name, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h
        from (select ${sql.join(t.columns.map((c) => sql.ref(c)))} from ${sql.table(`${store.pgSchema}.${t.name}`)}) x`,
    );
    const r = await sql<{ name: string; h: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
    for (const row of r.rows) out[row.name] = row.h;
    return out;
  }
  // One statement for every table: SQLite renders each row as one line (quote() of each
  // column: text quoted, blobs in hex, NULL as NULL); the lines are sorted and hashed here.
  const parts = tables.map((t) => {
    const line = sql.join(
      t.columns.map((c) => sql`quote(${sql.ref(c)})`),
      sql` || ',' || `,
    );
    return sql`select ${t.name} as t, ${line} as l from ${sql.table(t.name)}`;
  });
  const rows = await sql<{ t: string; l: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  const lines = new Map<string, string[]>(tables.map((t) => [t.name, []]));
  for (const row of rows.rows) lines.get(row.t)!.push(row.l);
  for (const [name, ls] of lines) out[name] = createHash('sha256').update(JSON.stringify(ls.sort())).digest('hex');
  return out;
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]).sort();
}

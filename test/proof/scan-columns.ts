import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

// "No query finds it": every text, JSON and byte column of every table is asked for the
// marker. On PostgreSQL this is the proof (a byte scan of its files proves nothing: TOAST
// compresses long values, and dead tuples stay until VACUUM FULL; docs/erasure-proof.md);
// on SQLite it shows that the plant reached every column before the byte scan.

/** The places a proof run must have planted the marker in (table.column). */
export const PLANTED_COLUMNS = [
  'attachments.data',
  'attachments.file_name',
  'comments.body',
  'comments.html_body',
  'comments.plain_body',
  'identities.value',
  'identities.value_key',
  'raw_messages.data',
  'ticket_tags.tag',
  'tickets.subject',
  'user_tags.tag',
  'users.alias',
  'users.details',
  'users.name',
  'users.notes',
  'users.user_fields',
];

async function columnsOf(db: Kysely<Database>, schema: string | null): Promise<{ table: string; column: string; bytes: boolean }[]> {
  if (schema) {
    const r = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select c.table_name, c.column_name, c.data_type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = ${schema} and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
      order by c.table_name, c.column_name`.execute(db);
    return r.rows.map((c) => ({ table: c.table_name, column: c.column_name, bytes: c.data_type === 'bytea' }));
  }
  // Ordinary tables only: the full-text shadow tables are covered by the byte scan.
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_%' order by name`.execute(db);
  const out: { table: string; column: string; bytes: boolean }[] = [];
  for (const t of tables.rows) {
    const cols = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${t.name})`.execute(db);
    for (const c of cols.rows) if (/text|blob|char/i.test(c.type)) out.push({ table: t.name, column: c.name, bytes: /blob/i.test(c.type) });
  }
  return out;
}

/** `table.column` of every column whose value contains the marker (schema: PostgreSQL's, or null on SQLite). */
export async function markerInAnyColumn(db: Kysely<Database>, schema: string | null, marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const c of await columnsOf(db, schema)) {
    const table = sql.table(schema ? `${schema}.${c.table}` : c.table);
    const col = sql.ref(c.column);
    const where = !schema
      ? sql`instr(lower(${col}), ${marker}) > 0 or instr(${col}, cast(${marker} as blob)) > 0`
      : c.bytes
        ? sql`position(convert_to(${marker}, 'UTF8') in ${col}) > 0`
        : sql`${col}::text ilike ${`%${marker}%`}`;
    const r = await sql<{ n: number }>`select count(*) as n from ${table} where ${where}`.execute(db);
    if (Number(r.rows[0]!.n) > 0) found.push(`${c.table}.${c.column}`);
  }
  return found.sort();
}

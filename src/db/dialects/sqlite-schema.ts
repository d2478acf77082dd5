import { sql, type Kysely } from 'kysely';

// SQLite cannot change a column's constraints in place. The documented way
// (sqlite.org/lang_altertable.html, "other kinds of table schema changes") is to create the
// new table, copy the rows, drop the old one, rename the new one and create its indexes
// again (and its triggers). Used for tables no foreign key points at, inside the migration's transaction.

/** Rebuilds `table` with `column` allowed to be NULL; rows, ids (and AUTOINCREMENT's counter) and indexes are kept. */
export async function dropNotNullSqlite(db: Kysely<any>, table: string, column: string): Promise<void> {
  const master = await sql<{ type: string; sql: string | null }>`select type, sql from sqlite_master where tbl_name = ${table} and type in ('table', 'index', 'trigger')`.execute(db);
  const create = master.rows.find((r) => r.type === 'table')?.sql;
  if (!create) throw new Error(`dropNotNull: no table ${table}`);
  const referenced = await sql<{ n: number }>`
    select count(*) as n from sqlite_master m, pragma_foreign_key_list(m.name) f where m.type = 'table' and f."table" = ${table}`.execute(db);
  if (Number(referenced.rows[0]?.n ?? 0) > 0) throw new Error(`dropNotNull: ${table} is referenced by a foreign key; rebuilding it is not supported`);
  const col = new RegExp(`("${column}"\\s+\\w+)\\s+not\\s+null`, 'i');
  if (!col.test(create)) throw new Error(`dropNotNull: ${table}.${column} is not declared NOT NULL`);
  const tmp = `${table}__rebuild`;
  const head = new RegExp(`^create\\s+table\\s+"?${table}"?`, 'i');
  await sql.raw(create.replace(col, '$1').replace(head, `create table "${tmp}"`)).execute(db);
  await sql.raw(`insert into "${tmp}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${tmp}" rename to "${table}"`).execute(db);
  for (const r of master.rows) if ((r.type === 'index' || r.type === 'trigger') && r.sql) await sql.raw(r.sql).execute(db);
}

import { sql, type Kysely } from 'kysely';

/** ALTER COLUMN … DROP NOT NULL: the rows stay where they are. */
export async function dropNotNullPostgres(db: Kysely<any>, table: string, column: string): Promise<void> {
  await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} drop not null`.execute(db);
}

import pg from 'pg';
import { Kysely, PostgresDialect, sql, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';
import type { DialectCaps } from './caps.ts';
import { dropNotNullPostgres } from './postgres-schema.ts';
import { postgresSearch, createTextIndexPostgres } from './search-postgres.ts';
import { postgresCatalog } from './postgres-catalog.ts';
import { postgresHighlighter } from './highlight-postgres.ts';
import { namingStatements } from './pg-statements.ts';

/** PostgreSQL's capabilities. */
export const postgresCaps: DialectCaps = {
  name: 'postgres',
  idType: 'serial',
  blobType: 'bytea',
  rowLocks: true,
  idsIn: (column, ids) => (ids.length === 1 ? sql<SqlBool>`${sql.ref(column)} = ${ids[0]}` : sql<SqlBool>`${sql.ref(column)} = any(${[...ids]}::int4[])`),
  changeNotifications: true,
  createTextIndex: createTextIndexPostgres,
  dropNotNull: dropNotNullPostgres,
  search: postgresSearch,
  highlighter: postgresHighlighter,
  searchIndexUpkeep: null,
  databaseFiles: null,
  catalog: postgresCatalog,
};

/** Opens a pool on PostgreSQL. `schema`, when given, isolates one test run from another. */
export function openPostgres(url: string, schema?: string): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A pool error on an idle client must not crash the server; the next query reconnects.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: namingStatements(pool) }) });
}

import type { Kysely } from 'kysely';
import { dropNotNullPostgres } from './postgres-schema.ts';
import { dropNotNullSqlite } from './sqlite-schema.ts';

/**
 * The few things that differ between the two databases. The core asks for a capability,
 * never for a dialect name, so a third dialect is one more of these objects.
 */
export interface DialectCaps {
  name: 'sqlite' | 'postgres';
  /** Column type for an auto-increment integer primary key. */
  idType: 'integer' | 'serial';
  /** Column type for bytes. */
  blobType: 'blob' | 'bytea';
  /** Whether `SELECT … FOR UPDATE` exists (SQLite serializes writers instead). */
  rowLocks: boolean;
  /**
   * Whether the database itself announces committed changes to listeners (PostgreSQL's
   * LISTEN/NOTIFY, fired by triggers); without it the live feed polls the audit tables.
   */
  changeNotifications: boolean;
  /**
   * Lets a column hold NULL (for migrations). PostgreSQL alters the column; SQLite has no
   * ALTER COLUMN, so the table is rebuilt with its rows, ids and indexes.
   */
  dropNotNull(db: Kysely<any>, table: string, column: string): Promise<void>;
}

export const sqliteCaps: DialectCaps = {
  name: 'sqlite',
  idType: 'integer',
  blobType: 'blob',
  rowLocks: false,
  changeNotifications: false,
  dropNotNull: dropNotNullSqlite,
};

export const postgresCaps: DialectCaps = {
  name: 'postgres',
  idType: 'serial',
  blobType: 'bytea',
  rowLocks: true,
  changeNotifications: true,
  dropNotNull: dropNotNullPostgres,
};

import type { Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.
// Password attempts (issue 8): the counts behind the password limit live in the database,
// so that every server on one database counts together. A row is one counter for one fixed
// window: `scope` says what is counted (a client address or a target account), `key_hash` is
// a keyed hash of that address or email (never the value in clear), and the row is useless
// once `expires_at` has passed; expired rows are deleted as new windows open.
// `server_secrets` holds random keys the servers share, such as the key of those hashes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auth_attempts')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('auth_attempts_pk', ['scope', 'key_hash', 'window_start'])
    .execute();
  await db.schema.createIndex('auth_attempts_expires').on('auth_attempts').column('expires_at').execute();

  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

import type { Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
// Browser sign-in: sessions, and one-time links that let a person choose a password.
// Both hold only a sha256 of their secret, so a copy of the database cannot be used to sign in.

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  const id = (t: ReturnType<typeof db.schema.createTable>) =>
    caps.idType === 'serial'
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await id(db.schema.createTable('sessions'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  await id(db.schema.createTable('password_tokens'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_tokens_user').on('password_tokens').column('user_id').execute();
  await db.schema.createIndex('password_tokens_created_by').on('password_tokens').column('created_by_id').execute();
}

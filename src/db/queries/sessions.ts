import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { ACTOR_COLUMNS } from './users.ts';

// Browser sessions and one-time password links (migration 2026-11-22-004). Both store
// only the sha256 of their secret.

import type { SessionsTable, PasswordTokenPurpose, PasswordTokensTable } from '../schema.ts';
export type { SessionsTable, PasswordTokenPurpose, PasswordTokensTable };

/** The executor itself: the session tables are part of Database. */
function auth(db: Kysely<Database>): Kysely<Database> {
  return db;
}

export async function insertSession(db: Kysely<Database>, row: Omit<SessionsTable, 'id'>): Promise<number> {
  const r = await auth(db).insertInto('sessions').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** The unexpired session with this token hash, with the facts about its user that sign-in checks. */
export async function findLiveSession(db: Kysely<Database>, tokenHash: string, now: string) {
  return auth(db)
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      ...ACTOR_COLUMNS,
      'users.erased_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<Database>, id: number, now: string, expiresAt: string): Promise<void> {
  await auth(db).updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSessionByHash(db: Kysely<Database>, tokenHash: string): Promise<number | null> {
  const r = await auth(db).deleteFrom('sessions').where('token_hash', '=', tokenHash).returning('user_id').executeTakeFirst();
  return r?.user_id ?? null;
}

/** Signs a person out everywhere (password changed, deleted, suspended, erased). */
export async function deleteSessionsOfUser(db: Kysely<Database>, userId: number): Promise<number> {
  const r = await auth(db).deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Drops sessions and password links whose time is up. */
export async function deleteExpiredAuthRows(db: Kysely<Database>, now: string): Promise<number> {
  const a = await auth(db).deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  const b = await auth(db).deleteFrom('password_tokens').where('expires_at', '<=', now).executeTakeFirst();
  return Number(a.numDeletedRows) + Number(b.numDeletedRows);
}

export async function insertPasswordToken(db: Kysely<Database>, row: Omit<PasswordTokensTable, 'id'>): Promise<void> {
  await auth(db).insertInto('password_tokens').values(row).execute();
}

/** A link replaces the earlier ones of the same person: only the newest works. */
export async function deletePasswordTokensOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await auth(db).deleteFrom('password_tokens').where('user_id', '=', userId).execute();
}

/** Takes an unexpired link out of the table (one use), returning whose it was. */
export async function consumePasswordToken(db: Kysely<Database>, tokenHash: string, now: string) {
  const row = await auth(db)
    .selectFrom('password_tokens')
    .select(['id', 'user_id', 'purpose'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return null;
  // Re-checked in the write: of two redemptions racing, only one deletes the row.
  const del = await auth(db).deleteFrom('password_tokens').where('id', '=', row.id).executeTakeFirst();
  return Number(del.numDeletedRows) === 1 ? row : null;
}

export async function setPasswordHash(db: Kysely<Database>, userId: number, hash: string, now: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', userId).execute();
}

/** Whether the account owner can sign in to the web app yet (`oubli serve` says how when not). */
export async function ownerHasPassword(db: Kysely<Database>): Promise<boolean> {
  const r = await db.selectFrom('users').select('password_hash').where('is_owner', '=', 1).executeTakeFirst();
  return !!r?.password_hash;
}

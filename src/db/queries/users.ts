import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, IdentitiesTable, IdentityType, UsersTable } from '../schema.ts';

export type UserRow = Awaited<ReturnType<typeof getUser>> & {};

export async function getUser(db: Kysely<Database>, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getUsers(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

export async function insertUser(db: Kysely<Database>, row: Insertable<UsersTable>): Promise<number> {
  const r = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateUserRow(db: Kysely<Database>, id: number, patch: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** The live (not released) identity holding this value, if any. */
export async function findLiveIdentity(db: Kysely<Database>, type: IdentityType, key: string) {
  return db
    .selectFrom('identities')
    .selectAll()
    .where('type', '=', type)
    .where('value_key', '=', key)
    .where('released', '=', 0)
    .executeTakeFirst();
}

/** The live user who owns this email address (deleted contacts have released theirs). */
export async function findLiveUserByEmail(db: Kysely<Database>, emailKey: string) {
  return db
    .selectFrom('identities')
    .innerJoin('users', 'users.id', 'identities.user_id')
    .selectAll('users')
    .where('identities.type', '=', 'email')
    .where('identities.value_key', '=', emailKey)
    .where('identities.released', '=', 0)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertIdentity(db: Kysely<Database>, row: Insertable<IdentitiesTable>): Promise<number> {
  const r = await db.insertInto('identities').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function identitiesOf(db: Kysely<Database>, userIds: number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('identities')
    .selectAll()
    .where('user_id', 'in', userIds)
    .orderBy('is_primary', 'desc')
    .orderBy('id', 'asc')
    .execute();
}

export async function tagsOfUsers(db: Kysely<Database>, userIds: number[]) {
  if (userIds.length === 0) return [];
  return db.selectFrom('user_tags').selectAll().where('user_id', 'in', userIds).orderBy('tag').execute();
}

export async function replaceUserTags(db: Kysely<Database>, userId: number, tags: string[]): Promise<void> {
  await db.deleteFrom('user_tags').where('user_id', '=', userId).execute();
  if (tags.length) await db.insertInto('user_tags').values(tags.map((tag) => ({ user_id: userId, tag }))).execute();
}

export async function defaultOrganizationsOf(db: Kysely<Database>, userIds: number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('organization_memberships')
    .select(['user_id', 'organization_id', 'is_default'])
    .where('user_id', 'in', userIds)
    .orderBy('is_default', 'desc')
    .orderBy('id', 'asc')
    .execute();
}

/** Admins that are not deleted: the last one may not be removed. */
export async function countLiveAdmins(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('deleted_at', 'is', null)
    .where('suspended', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function ownerExists(db: Kysely<Database>): Promise<boolean> {
  const r = await db.selectFrom('users').select('id').where('is_owner', '=', 1).executeTakeFirst();
  return !!r;
}

/** The user an API token belongs to, by the token's hash. */
export async function findTokenOwner(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'users.id as user_id'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function insertApiToken(db: Kysely<Database>, userId: number, tokenHash: string, now: string) {
  await db.insertInto('api_tokens').values({ user_id: userId, token_hash: tokenHash, created_at: now }).execute();
}

export async function touchApiToken(db: Kysely<Database>, tokenId: number, now: string) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

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
  // The user by primary key from the one live identity (a unique index), not a join: the
  // planner keeps no statistics of value_key (personal data, issue 9), and PostgreSQL
  // estimating the join without them reads every user (bench/statistics-plans.bench.ts).
  return db
    .selectFrom('users')
    .selectAll()
    .where('users.id', '=', (eb) =>
      eb
        .selectFrom('identities')
        .select('identities.user_id')
        .where('identities.type', '=', 'email')
        .where('identities.value_key', '=', emailKey)
        .where('identities.released', '=', 0)
        .limit(1),
    )
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

/** What deciding who a signed-in user may act as needs of their row (actorOf). */
export const ACTOR_COLUMNS = ['users.id', 'users.role', 'users.is_owner', 'users.can_delete_tickets', 'users.suspended', 'users.deleted_at'] as const;

/**
 * An API token by its hash, with its last use and what authentication needs of its owner;
 * with an email key, only when that live email address is the owner's (one statement: it
 * runs on every API request).
 */
export async function findTokenOwner(db: Kysely<Database>, tokenHash: string, emailKey: string | null) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at', ...ACTOR_COLUMNS])
    .where('api_tokens.token_hash', '=', tokenHash)
    .$if(emailKey !== null, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('identities')
            .select('identities.id')
            .where('identities.type', '=', 'email')
            .where('identities.value_key', '=', emailKey!)
            .where('identities.released', '=', 0)
            .whereRef('identities.user_id', '=', 'users.id'),
        ),
      ),
    )
    .executeTakeFirst();
}

export async function insertApiToken(db: Kysely<Database>, userId: number, tokenHash: string, now: string) {
  await db.insertInto('api_tokens').values({ user_id: userId, token_hash: tokenHash, created_at: now }).execute();
}

export async function touchApiToken(db: Kysely<Database>, tokenId: number, now: string) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

/** One identity of a user, released or not. */
export async function getIdentity(db: Kysely<Database>, userId: number, identityId: number) {
  return db.selectFrom('identities').selectAll().where('id', '=', identityId).where('user_id', '=', userId).executeTakeFirst();
}

export async function updateIdentityRow(db: Kysely<Database>, id: number, patch: Updateable<IdentitiesTable>): Promise<void> {
  await db.updateTable('identities').set(patch).where('id', '=', id).execute();
}

export async function deleteIdentityRow(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('identities').where('id', '=', id).execute();
}

/** Makes one identity the primary of its type for its user, and the others not. */
export async function setPrimaryIdentity(db: Kysely<Database>, userId: number, type: IdentityType, identityId: number, now: string) {
  await db
    .updateTable('identities')
    .set({ is_primary: 0, updated_at: now })
    .where('user_id', '=', userId)
    .where('type', '=', type)
    .where('is_primary', '=', 1)
    .where('id', '!=', identityId)
    .execute();
  await db.updateTable('identities').set({ is_primary: 1, updated_at: now }).where('id', '=', identityId).execute();
}

/** Frees every address of a soft-deleted user, so someone new can hold it. Returns how many. */
export async function releaseIdentitiesOf(db: Kysely<Database>, userId: number, now: string): Promise<number> {
  const r = await db
    .updateTable('identities')
    .set({ released: 1, updated_at: now })
    .where('user_id', '=', userId)
    .where('released', '=', 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Takes back the addresses of a restored user. The unique index refuses one held by someone else. */
export async function unreleaseIdentitiesOf(db: Kysely<Database>, userId: number, now: string): Promise<number> {
  const r = await db
    .updateTable('identities')
    .set({ released: 0, updated_at: now })
    .where('user_id', '=', userId)
    .where('released', '=', 1)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The types of this user's released identities that a live identity of someone else now holds. */
export async function takenIdentityTypesOf(db: Kysely<Database>, userId: number): Promise<IdentityType[]> {
  const rows = await db
    .selectFrom('identities as mine')
    .innerJoin('identities as other', (j) =>
      j.onRef('other.type', '=', 'mine.type').onRef('other.value_key', '=', 'mine.value_key'),
    )
    .select('mine.type')
    .distinct()
    .where('mine.user_id', '=', userId)
    .where('mine.released', '=', 1)
    .where('other.released', '=', 0)
    .where('other.user_id', '!=', userId)
    .execute();
  return rows.map((r) => r.type);
}

/** Marks a live user soft-deleted; false when they were not live any more (re-checked in the write). */
export async function markUserDeleted(db: Kysely<Database>, userId: number, now: string, byId: number | null): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ deleted_at: now, deleted_by_id: byId, updated_at: now })
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Brings a soft-deleted user back; false when they are not deleted or an erasure started. */
export async function markUserRestored(db: Kysely<Database>, userId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ deleted_at: null, deleted_by_id: null, updated_at: now })
    .where('id', '=', userId)
    .where('deleted_at', 'is not', null)
    .where('erasing_since', 'is', null)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

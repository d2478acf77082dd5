import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, GroupMembershipsTable, GroupsTable } from '../schema.ts';
import { fetchPage, type PageOpts } from './paging.ts';

export async function getGroup(db: Kysely<Database>, id: number) {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listGroups(db: Kysely<Database>, page: PageOpts) {
  return fetchPage(db.selectFrom('groups').selectAll(), 'id', page);
}

export async function countGroups(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('groups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertGroup(db: Kysely<Database>, row: Insertable<GroupsTable>): Promise<number> {
  const r = await db.insertInto('groups').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateGroupRow(db: Kysely<Database>, id: number, patch: Updateable<GroupsTable>) {
  await db.updateTable('groups').set(patch).where('id', '=', id).execute();
}

/** Deletes a group: its memberships go and its tickets become unassigned to any group. */
export async function deleteGroupRow(db: Kysely<Database>, id: number): Promise<{ memberships: number; tickets: number }> {
  const m = await db.deleteFrom('group_memberships').where('group_id', '=', id).executeTakeFirst();
  const t = await db.updateTable('tickets').set({ group_id: null }).where('group_id', '=', id).executeTakeFirst();
  await db.deleteFrom('groups').where('id', '=', id).execute();
  return { memberships: Number(m.numDeletedRows), tickets: Number(t.numUpdatedRows) };
}

// ---- Group memberships ---------------------------------------------------------------

export interface GroupMembershipFilter {
  userId?: number;
  groupId?: number;
}

// Deleted agents leave every active list, their memberships included (they come back on restore).
function groupMembershipsQuery(db: Kysely<Database>, f: GroupMembershipFilter) {
  let q = db
    .selectFrom('group_memberships')
    .innerJoin('users', 'users.id', 'group_memberships.user_id')
    .where('users.deleted_at', 'is', null);
  if (f.userId !== undefined) q = q.where('group_memberships.user_id', '=', f.userId);
  if (f.groupId !== undefined) q = q.where('group_memberships.group_id', '=', f.groupId);
  return q;
}

/** One page of group memberships of live users. */
export async function listGroupMemberships(db: Kysely<Database>, f: GroupMembershipFilter, page: PageOpts) {
  return fetchPage(groupMembershipsQuery(db, f).selectAll('group_memberships'), 'group_memberships.id', page);
}

export async function countGroupMemberships(db: Kysely<Database>, f: GroupMembershipFilter): Promise<number> {
  const r = await groupMembershipsQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A membership of a live user. */
export async function getGroupMembership(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('group_memberships')
    .innerJoin('users', 'users.id', 'group_memberships.user_id')
    .selectAll('group_memberships')
    .where('users.deleted_at', 'is', null)
    .where('group_memberships.id', '=', id)
    .executeTakeFirst();
}

export async function findGroupMembership(db: Kysely<Database>, userId: number, groupId: number) {
  return db.selectFrom('group_memberships').selectAll().where('user_id', '=', userId).where('group_id', '=', groupId).executeTakeFirst();
}

export async function insertGroupMembership(db: Kysely<Database>, row: Insertable<GroupMembershipsTable>): Promise<number> {
  const r = await db.insertInto('group_memberships').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteGroupMembershipRow(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('group_memberships').where('id', '=', id).execute();
}

/** Makes one membership the user's default group, and the others not. */
export async function setDefaultGroupMembership(db: Kysely<Database>, userId: number, membershipId: number | null, now: string) {
  await db
    .updateTable('group_memberships')
    .set({ is_default: 0, updated_at: now })
    .where('user_id', '=', userId)
    .where('is_default', '=', 1)
    .execute();
  if (membershipId !== null) {
    await db.updateTable('group_memberships').set({ is_default: 1, updated_at: now }).where('id', '=', membershipId).execute();
  }
}

/** The oldest remaining membership of a user (to become default when the default one goes). */
export async function oldestGroupMembershipOf(db: Kysely<Database>, userId: number) {
  return db.selectFrom('group_memberships').selectAll().where('user_id', '=', userId).orderBy('id').limit(1).executeTakeFirst();
}

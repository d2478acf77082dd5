import type { Insertable, Kysely } from 'kysely';
import type { Database, OrganizationMembershipsTable } from '../schema.ts';
import { fetchPage, type PageOpts } from './paging.ts';

export async function organizationExists(db: Kysely<Database>, id: number): Promise<boolean> {
  return !!(await db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst());
}

/** Makes `organizationId` the user's default organization, adding the membership if needed. */
export async function setDefaultOrganizationMembership(
  db: Kysely<Database>,
  userId: number,
  organizationId: number,
  now: string,
): Promise<void> {
  await db.updateTable('organization_memberships').set({ is_default: 0, updated_at: now }).where('user_id', '=', userId).execute();
  const existing = await db
    .selectFrom('organization_memberships')
    .select('id')
    .where('user_id', '=', userId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (existing) {
    await db.updateTable('organization_memberships').set({ is_default: 1, updated_at: now }).where('id', '=', existing.id).execute();
  } else {
    await db
      .insertInto('organization_memberships')
      .values({ user_id: userId, organization_id: organizationId, is_default: 1, created_at: now, updated_at: now })
      .execute();
  }
}

// ---- Organization memberships API ----------------------------------------------------

export interface OrganizationMembershipFilter {
  userId?: number;
  organizationId?: number;
}

// Deleted contacts leave every active list, their memberships included (they come back on restore).
function orgMembershipsQuery(db: Kysely<Database>, f: OrganizationMembershipFilter) {
  let q = db
    .selectFrom('organization_memberships')
    .innerJoin('users', 'users.id', 'organization_memberships.user_id')
    .where('users.deleted_at', 'is', null);
  if (f.userId !== undefined) q = q.where('organization_memberships.user_id', '=', f.userId);
  if (f.organizationId !== undefined) q = q.where('organization_memberships.organization_id', '=', f.organizationId);
  return q;
}

/** One page of organization memberships of live users, with the organization's name for the API. */
export async function listOrganizationMemberships(db: Kysely<Database>, f: OrganizationMembershipFilter, page: PageOpts) {
  return fetchPage(
    orgMembershipsQuery(db, f)
      .innerJoin('organizations', 'organizations.id', 'organization_memberships.organization_id')
      .selectAll('organization_memberships')
      .select('organizations.name as organization_name'),
    'organization_memberships.id',
    page,
  );
}

export async function countOrganizationMemberships(db: Kysely<Database>, f: OrganizationMembershipFilter): Promise<number> {
  const r = await orgMembershipsQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A membership of a live user, with the organization's name. */
export async function getOrganizationMembership(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('organization_memberships')
    .innerJoin('organizations', 'organizations.id', 'organization_memberships.organization_id')
    .selectAll('organization_memberships')
    .select('organizations.name as organization_name')
    .innerJoin('users', 'users.id', 'organization_memberships.user_id')
    .where('users.deleted_at', 'is', null)
    .where('organization_memberships.id', '=', id)
    .executeTakeFirst();
}

export async function findOrganizationMembership(db: Kysely<Database>, userId: number, organizationId: number) {
  return db
    .selectFrom('organization_memberships')
    .selectAll()
    .where('user_id', '=', userId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export async function insertOrganizationMembership(
  db: Kysely<Database>,
  row: Insertable<OrganizationMembershipsTable>,
): Promise<number> {
  const r = await db.insertInto('organization_memberships').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteOrganizationMembershipRow(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('organization_memberships').where('id', '=', id).execute();
}

/** Makes one membership the user's default organization (null: none is), and the others not. */
export async function setDefaultOrganizationMembershipById(
  db: Kysely<Database>,
  userId: number,
  membershipId: number | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('organization_memberships')
    .set({ is_default: 0, updated_at: now })
    .where('user_id', '=', userId)
    .where('is_default', '=', 1)
    .execute();
  if (membershipId !== null) {
    await db.updateTable('organization_memberships').set({ is_default: 1, updated_at: now }).where('id', '=', membershipId).execute();
  }
}

/** The oldest remaining membership of a user (to become default when the default one goes). */
export async function oldestOrganizationMembershipOf(db: Kysely<Database>, userId: number) {
  return db.selectFrom('organization_memberships').selectAll().where('user_id', '=', userId).orderBy('id').limit(1).executeTakeFirst();
}

/** The user's default membership, if they have one. */
export async function defaultOrganizationMembershipOf(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('organization_memberships')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('is_default', 'desc')
    .orderBy('id', 'asc')
    .limit(1)
    .executeTakeFirst();
}

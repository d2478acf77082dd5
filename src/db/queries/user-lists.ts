import type { Kysely } from 'kysely';
import type { Database, Role } from '../schema.ts';
import { fetchPage, type PageOpts } from './paging.ts';

// The lists of the contacts API: live users, suspended users, Deleted contacts, the interim
// user search and identities. Each query states its own state filter.

/** Which live users a list shows. */
export interface LiveUserFilter {
  roles?: Role[];
  externalId?: string;
  suspendedOnly?: boolean;
  /** Members of this organization (organization_memberships). */
  organizationId?: number;
}

function liveUsersQuery(db: Kysely<Database>, f: LiveUserFilter) {
  let q = db.selectFrom('users').where('users.deleted_at', 'is', null).where('users.erased_at', 'is', null);
  if (f.roles?.length) q = q.where('users.role', 'in', f.roles);
  if (f.externalId !== undefined) q = q.where('users.external_id', '=', f.externalId);
  if (f.suspendedOnly) q = q.where('users.suspended', '=', 1);
  if (f.organizationId !== undefined) {
    const orgId = f.organizationId;
    q = q.where('users.id', 'in', (eb) => eb.selectFrom('organization_memberships').select('organization_memberships.user_id').where('organization_memberships.organization_id', '=', orgId));
  }
  return q;
}

/** Live (not deleted, not erased) users, one page. */
export async function listLiveUsers(db: Kysely<Database>, f: LiveUserFilter, page: PageOpts) {
  return fetchPage(liveUsersQuery(db, f).selectAll('users'), 'users.id', page);
}

export async function countLiveUsers(db: Kysely<Database>, f: LiveUserFilter): Promise<number> {
  const r = await liveUsersQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Live users among these ids (show_many). */
export async function getLiveUsers(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return [];
  return liveUsersQuery(db, {}).selectAll('users').where('users.id', 'in', ids).orderBy('users.id').execute();
}

/** Live users with one of these external ids (show_many?external_ids=). */
export async function getLiveUsersByExternalIds(db: Kysely<Database>, externalIds: string[]) {
  if (externalIds.length === 0) return [];
  return liveUsersQuery(db, {}).selectAll('users').where('users.external_id', 'in', externalIds).orderBy('users.id').execute();
}

function deletedUsersQuery(db: Kysely<Database>) {
  // Erased users were permanently deleted: they are not in Deleted contacts any more.
  return db.selectFrom('users').where('users.deleted_at', 'is not', null).where('users.erased_at', 'is', null);
}

/** Soft-deleted, not erased users (the Deleted contacts view), one page. */
export async function listDeletedUsers(db: Kysely<Database>, page: PageOpts) {
  return fetchPage(deletedUsersQuery(db).selectAll('users'), 'users.id', page);
}

export async function countDeletedUsers(db: Kysely<Database>): Promise<number> {
  const r = await deletedUsersQuery(db).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A user's live identities, one page (primary first is the presenter's business; this is by id). */
export async function listIdentitiesOf(db: Kysely<Database>, userId: number, page: PageOpts) {
  return fetchPage(
    db.selectFrom('identities').selectAll().where('user_id', '=', userId).where('released', '=', 0),
    'id',
    page,
  );
}

export async function countIdentitiesOf(db: Kysely<Database>, userId: number): Promise<number> {
  const r = await db
    .selectFrom('identities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('released', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

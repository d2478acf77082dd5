import { deleteOrganizationMatches } from './erasure-request-records.ts';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, OrganizationsTable } from '../schema.ts';
import { fetchPage, type PageOpts } from './paging.ts';

export async function getOrganization(db: Kysely<Database>, id: number) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getOrganizations(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('organizations').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

/** Another organization with this name (names are unique, case-insensitively). */
export async function findOrganizationByName(db: Kysely<Database>, name: string, exceptId?: number) {
  let q = db.selectFrom('organizations').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

export async function listOrganizations(db: Kysely<Database>, page: PageOpts) {
  return fetchPage(db.selectFrom('organizations').selectAll(), 'id', page);
}

export async function countOrganizations(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertOrganization(db: Kysely<Database>, row: Insertable<OrganizationsTable>): Promise<number> {
  const r = await db.insertInto('organizations').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateOrganizationRow(db: Kysely<Database>, id: number, patch: Updateable<OrganizationsTable>) {
  await db.updateTable('organizations').set(patch).where('id', '=', id).execute();
}

/**
 * Deletes an organization: its memberships go, and its tickets keep everything but the
 * organization link. Returns how many memberships and tickets were touched.
 */
export async function deleteOrganizationRow(db: Kysely<Database>, id: number): Promise<{ memberships: number; tickets: number }> {
  const m = await db.deleteFrom('organization_memberships').where('organization_id', '=', id).executeTakeFirst();
  const t = await db.updateTable('tickets').set({ organization_id: null }).where('organization_id', '=', id).executeTakeFirst();
  await deleteOrganizationMatches(db, id);
  await db.deleteFrom('organizations').where('id', '=', id).execute();
  return { memberships: Number(m.numDeletedRows), tickets: Number(t.numUpdatedRows) };
}

import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

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

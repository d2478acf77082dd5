import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { organizationExists, setDefaultOrganizationMembership } from '../../db/queries/memberships.ts';
import { invalidField } from '../../errors.ts';

/** Makes `organizationId` the user's default organization; 422 when it does not exist. */
export async function setDefaultOrganization(db: Kysely<Database>, userId: number, organizationId: number, now: string) {
  if (!(await organizationExists(db, organizationId))) {
    throw invalidField('organization_id', `organization ${organizationId} does not exist`);
  }
  await setDefaultOrganizationMembership(db, userId, organizationId, now);
}

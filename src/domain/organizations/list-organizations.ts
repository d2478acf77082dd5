import type { Selectable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { OrganizationsTable } from '../../db/schema.ts';
import { countOrganizations, listOrganizations as listOrganizationRows } from '../../db/queries/organizations.ts';
import type { PageSource } from '../page-source.ts';

/** Every organization, as pages. */
export function listOrganizations(ctx: Ctx): PageSource<Selectable<OrganizationsTable>> {
  return { fetch: (p) => listOrganizationRows(ctx.db, p), count: () => countOrganizations(ctx.db) };
}

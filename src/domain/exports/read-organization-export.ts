import type { Selectable } from 'kysely';
import type { Ctx } from '../../context.ts';
import { organizationsChanged } from '../../db/queries/incremental.ts';
import type { OrganizationsTable } from '../../db/schema.ts';
import { authorize, canAdminister } from '../policy.ts';
import { readExportPage, type ExportRequest, type ExportResult } from './read-export.ts';

/**
 * One page of the incremental organization export (time-based). Admins only. Nothing goes in
 * the erasure ledger: an organization is a customer of the helpdesk, not a person (its map
 * holds no personal column), and the export names none of its members.
 */
export async function readOrganizationExport(ctx: Ctx, input: { request: ExportRequest }): Promise<ExportResult<Selectable<OrganizationsTable>>> {
  authorize(canAdminister(ctx.actor!));
  return readExportPage(ctx, { fetch: (w) => organizationsChanged(ctx.db, w), at: (o) => o.updated_at }, input.request);
}

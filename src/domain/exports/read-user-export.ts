import type { Selectable } from 'kysely';
import type { Ctx } from '../../context.ts';
import { usersChanged } from '../../db/queries/incremental.ts';
import type { UsersTable } from '../../db/schema.ts';
import { authorize, canAdminister } from '../policy.ts';
import { readExportPage, type ExportRequest, type ExportResult } from './read-export.ts';
import { recordExportPage } from './record-export.ts';

export interface ReadUserExportInput {
  request: ExportRequest;
  /** Leave out soft-deleted users (restorable); the stubs of erased people stay. */
  excludeDeleted: boolean;
}

/**
 * One page of the incremental user export (time- or cursor-based); an erased person comes as
 * her stub ("Permanently Deleted User") so a copy learns of the erasure. Admins only. Every
 * user on the page is noted in the erasure ledger against the reader first.
 */
export async function readUserExport(ctx: Ctx, input: ReadUserExportInput): Promise<ExportResult<Selectable<UsersTable>>> {
  authorize(canAdminister(ctx.actor!));
  const result = await readExportPage(ctx, { fetch: (w) => usersChanged(ctx.db, w, input.excludeDeleted), at: (u) => u.updated_at }, input.request);
  await recordExportPage(ctx, result.page.rows.filter((u) => !u.erased_at).map((u) => u.id));
  return result;
}

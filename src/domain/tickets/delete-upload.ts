import type { Ctx } from '../../context.ts';
import { deleteUploads } from '../../db/queries/attachments.ts';
import { notFound } from '../../errors.ts';
import { authorize, canWorkTickets } from '../policy.ts';

/** Throws away the files of an upload that no comment has used yet. */
export async function deleteUpload(ctx: Ctx, token: string): Promise<void> {
  authorize(canWorkTickets(ctx.actor!));
  const n = await ctx.db.transaction().execute((trx) => deleteUploads(trx, token));
  if (n === 0) throw notFound();
}

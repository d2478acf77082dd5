import type { Ctx } from '../../context.ts';
import { deleteUploads } from '../../db/queries/attachments.ts';
import { notFound } from '../../errors.ts';
import { authorize, canWorkTickets } from '../policy.ts';

export interface DeleteUploadInput {
  token: string;
}

/** Throws away the files of an upload that no comment has used yet. */
export async function deleteUpload(ctx: Ctx, { token }: DeleteUploadInput): Promise<void> {
  authorize(canWorkTickets(ctx.actor!));
  const n = await ctx.db.transaction().execute((trx) => deleteUploads(trx, token));
  if (n === 0) throw notFound();
}

import type { Ctx } from '../../context.ts';
import { deleteUnusedUploads } from '../../db/queries/erasure.ts';
import { authorize, canAdminister } from '../policy.ts';
import { recordEvent } from '../events.ts';

/** Days an upload may wait to be used in a comment before it is deleted. */
export const UNUSED_UPLOAD_DAYS = 3;

export interface ExpireUnusedUploadsInput {
  uploadIds: number[];
  /** Only uploads made before this go. */
  cutoff: string;
}

/**
 * Deletes these uploads if they are still unused and were made before `cutoff`; returns the
 * ids deleted. The sweep calls it; the condition is checked again in the write, so a file
 * that became part of a comment since the sweep read it stays.
 */
export async function expireUnusedUploads(ctx: Ctx, { uploadIds, cutoff }: ExpireUnusedUploadsInput): Promise<number[]> {
  authorize(canAdminister(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    const gone = await deleteUnusedUploads(trx, uploadIds, cutoff);
    if (gone.length) {
      await recordEvent(ctx, trx, { action: 'uploads.expired', subjectType: 'attachment', subjectId: null, details: { count: gone.length, ids: gone } });
    }
    return gone;
  });
}

import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { eraseContacts, type EraseContactOptions, type EraseContactResult } from './erase-contacts.ts';

export { TICKETS_PER_BATCH, type EraseContactOptions, type EraseContactResult } from './erase-contacts.ts';

export interface EraseContactInput extends EraseContactOptions {
  userId: number;
}

/**
 * Permanently deletes a deleted contact (eraseContacts, for one): Delete Forever, the
 * retention sweep and an erasure request's last step. Refused with the contact's error (not
 * found, not allowed, not deleted); null when a sweep's condition no longer holds. Run again
 * after a crash, it finishes the job.
 */
export async function eraseContact(ctx: Ctx, { userId, ...opts }: EraseContactInput): Promise<EraseContactResult | null> {
  const r = (await eraseContacts(ctx, { userIds: [userId], ...opts })).get(userId);
  if (r instanceof AppError) throw r;
  return r ?? null;
}

import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { peopleOfTicket } from '../../db/queries/recipients.ts';
import { recordRecipients } from './record-recipients.ts';

/**
 * Notes in the erasure ledger that a mail about a ticket went to `recipientId` (the
 * requester, or someone copied): that person was handed the data of everyone else the
 * ticket is about. Called when the relay accepted it.
 */
export async function recordMailRecipient(ctx: Ctx, db: Kysely<Database>, input: { recipientId: number; ticketId: number }): Promise<void> {
  const about = (await peopleOfTicket(db, input.ticketId)).filter((id) => id !== input.recipientId);
  await recordRecipients(ctx, db, { userIds: about, recipient: { kind: 'mail', recipientKey: `user:${input.recipientId}`, recipientUserId: input.recipientId } });
}

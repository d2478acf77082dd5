import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { machineRecipientsOf, markRecipientsNotified } from '../../db/queries/recipients.ts';
import { getWebhook, insertInvocations } from '../../db/queries/webhooks.ts';
import { invocationRow } from '../webhooks/queue-webhook-events.ts';

// Art. 17(2) and 19 (docs/webhooks.md "Who was told"): when a person is erased,
// every machine recipient her data was handed to is told, ids only, in the erasure's own
// transaction. A webhook gets `zen:event-type:user.permanently_deleted` through the outbox
// whatever it subscribes to, and its 2xx acknowledges it; an API-token consumer finds it in
// GET /erasure_notifications and acknowledges it with a call. People who were sent mail or
// took an export are counted on the certificate, not messaged.

export interface ErasureNotices {
  webhooks: number;
  tokens: number;
}

/** Tells the machine recipients of `userId` of her erasure (call in the erasure's last transaction). */
export async function notifyRecipientsOfErasure(ctx: Ctx, trx: Kysely<Database>, userId: number): Promise<ErasureNotices> {
  const now = ctx.now().toISOString();
  const told: number[] = [];
  let webhooks = 0;
  let tokens = 0;
  for (const r of await machineRecipientsOf(trx, userId)) {
    if (r.notified_at) continue;
    if (r.kind === 'webhook') {
      // A webhook deleted since cannot be told: its row stays "not notified" on the certificate.
      if (r.webhook_id === null || !(await getWebhook(trx, r.webhook_id))) continue;
      await insertInvocations(trx, [
        invocationRow(
          r.webhook_id,
          { type: 'zen:event-type:user.permanently_deleted', subjectType: 'user', subjectId: userId, idsOnly: true, userId: null, ticketId: null, event: { erasure_notice: true } },
          now,
          r.id,
        ),
      ]);
      webhooks++;
    } else tokens++;
    told.push(r.id);
  }
  await markRecipientsNotified(trx, told, now);
  return { webhooks, tokens };
}

import type { Ctx } from '../../context.ts';
import { deleteWebhookRow, getWebhook } from '../../db/queries/webhooks.ts';
import { notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canAdminister } from '../policy.ts';

/**
 * Deletes a webhook with its queue and invocation log (admins only). Its rows in the erasure
 * ledger stay: the certificate of a later erasure still says the endpoint had her data.
 */
export async function deleteWebhook(ctx: Ctx, input: { webhookId: number }): Promise<void> {
  authorize(canAdminister(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await getWebhook(trx, input.webhookId))) throw notFound();
    const invocations = await deleteWebhookRow(trx, input.webhookId);
    await recordEvent(ctx, trx, { action: 'webhook.deleted', subjectType: 'webhook', subjectId: input.webhookId, details: { invocations } });
  });
}

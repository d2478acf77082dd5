import type { Ctx } from '../../context.ts';
import { getWebhook, updateWebhookRow } from '../../db/queries/webhooks.ts';
import { notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canAdminister } from '../policy.ts';
import { newSigningSecret } from './ids.ts';

/** Replaces a webhook's signing secret (admins only); requests from now on are signed with the new one. */
export async function resetSigningSecret(ctx: Ctx, input: { webhookId: number }): Promise<string> {
  authorize(canAdminister(ctx.actor!));
  const secret = newSigningSecret();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await getWebhook(trx, input.webhookId))) throw notFound();
    await updateWebhookRow(trx, input.webhookId, { signing_secret: secret, updated_at: ctx.now().toISOString() });
    await recordEvent(ctx, trx, { action: 'webhook.signing_secret_reset', subjectType: 'webhook', subjectId: input.webhookId });
  });
  return secret;
}

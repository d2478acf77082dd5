import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { WebhooksTable } from '../../db/schema.ts';
import { getWebhook, updateWebhookRow } from '../../db/queries/webhooks.ts';
import { notFound } from '../../errors.ts';
import type { WebhookUpdate } from '../../shared/webhooks.ts';
import { recordEvent } from '../events.ts';
import { authorize, canAdminister } from '../policy.ts';
import { checkEndpoint } from './endpoint-rules.ts';

/** Changes a webhook (admins only): what is given changes, the rest stays. */
export async function updateWebhook(ctx: Ctx, input: { webhookId: number; changes: WebhookUpdate }): Promise<void> {
  authorize(canAdminister(ctx.actor!));
  const c = input.changes;
  if (c.endpoint !== undefined) checkEndpoint(ctx, c.endpoint);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await getWebhook(trx, input.webhookId))) throw notFound();
    const patch: Updateable<WebhooksTable> = { updated_at: ctx.now().toISOString() };
    if (c.name !== undefined) patch.name = c.name;
    if (c.description !== undefined) patch.description = c.description ?? null;
    if (c.endpoint !== undefined) patch.endpoint = c.endpoint;
    if (c.status !== undefined) patch.status = c.status;
    if (c.subscriptions !== undefined) patch.subscriptions = JSON.stringify([...new Set(c.subscriptions)]);
    if (c.authentication !== undefined) {
      patch.auth_type = c.authentication?.type ?? null;
      patch.auth_data = c.authentication ? JSON.stringify(c.authentication.data) : null;
    }
    await updateWebhookRow(trx, input.webhookId, patch);
    await recordEvent(ctx, trx, { action: 'webhook.updated', subjectType: 'webhook', subjectId: input.webhookId, details: { fields: Object.keys(c).filter((k) => c[k as keyof WebhookUpdate] !== undefined) } });
  });
}

import type { Ctx } from '../../context.ts';
import { insertWebhook } from '../../db/queries/webhooks.ts';
import type { WebhookCreate } from '../../shared/webhooks.ts';
import { recordEvent } from '../events.ts';
import { authorize, canAdminister } from '../policy.ts';
import { checkEndpoint } from './endpoint-rules.ts';
import { newSigningSecret } from './ids.ts';

/** Creates a webhook subscribed to events (admins only); its signing secret is made here. */
export async function createWebhook(ctx: Ctx, input: WebhookCreate): Promise<number> {
  authorize(canAdminister(ctx.actor!));
  checkEndpoint(ctx, input.endpoint);
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertWebhook(trx, {
      name: input.name,
      description: input.description ?? null,
      endpoint: input.endpoint,
      http_method: input.http_method,
      request_format: input.request_format,
      status: input.status,
      subscriptions: JSON.stringify([...new Set(input.subscriptions)]),
      auth_type: input.authentication?.type ?? null,
      auth_data: input.authentication ? JSON.stringify(input.authentication.data) : null,
      signing_secret: newSigningSecret(),
      created_at: now,
      updated_at: now,
    });
    await recordEvent(ctx, trx, { action: 'webhook.created', subjectType: 'webhook', subjectId: id, details: { status: input.status, subscriptions: input.subscriptions.length } });
    return id;
  });
}

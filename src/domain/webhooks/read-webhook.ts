import type { Selectable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { WebhooksTable } from '../../db/schema.ts';
import { countWebhooks, getWebhook, listWebhookRows } from '../../db/queries/webhooks.ts';
import { notFound } from '../../errors.ts';
import type { PageSource } from '../page-source.ts';
import { authorize, canAdminister } from '../policy.ts';

export type WebhookRow = Selectable<WebhooksTable>;

/** One webhook (admins only; 404 for an unknown id). */
export async function readWebhook(ctx: Ctx, input: { webhookId: number }): Promise<WebhookRow> {
  authorize(canAdminister(ctx.actor!));
  const hook = await getWebhook(ctx.db, input.webhookId);
  if (!hook) throw notFound();
  return hook;
}

/** Every webhook, as pages (admins only). */
export function listWebhooks(ctx: Ctx): PageSource<WebhookRow> {
  authorize(canAdminister(ctx.actor!));
  return { fetch: (p) => listWebhookRows(ctx.db, p), count: () => countWebhooks(ctx.db) };
}

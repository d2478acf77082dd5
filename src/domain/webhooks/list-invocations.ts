import type { Selectable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { WebhookInvocationsTable } from '../../db/schema.ts';
import { countInvocations, getInvocationByKey, listInvocationRows } from '../../db/queries/webhooks.ts';
import { notFound } from '../../errors.ts';
import type { PageSource } from '../page-source.ts';
import { readWebhook } from './read-webhook.ts';

export type InvocationRow = Selectable<WebhookInvocationsTable>;

/** A webhook's invocations of the last 7 days, as pages (admins only). */
export async function listInvocations(ctx: Ctx, input: { webhookId: number }): Promise<PageSource<InvocationRow>> {
  await readWebhook(ctx, input);
  return { fetch: (p) => listInvocationRows(ctx.db, input.webhookId, p), count: () => countInvocations(ctx.db, input.webhookId) };
}

/** One invocation by the id receivers see (admins only; 404 when unknown or past its retention). */
export async function readInvocation(ctx: Ctx, input: { webhookId: number; invocationKey: string }): Promise<InvocationRow> {
  await readWebhook(ctx, input);
  const row = await getInvocationByKey(ctx.db, input.webhookId, input.invocationKey);
  if (!row) throw notFound();
  return row;
}

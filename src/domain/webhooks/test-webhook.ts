import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import { getWebhook } from '../../db/queries/webhooks.ts';
import { invalidField, notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canAdminister } from '../policy.ts';
import { ACCOUNT_ID } from './build-body.ts';
import { TEST_SIGNING_SECRET } from './delivery-rules.ts';
import { checkEndpoint } from './endpoint-rules.ts';
import { newInvocationKey } from './ids.ts';
import { DEFAULT_WEBHOOK_LIMITS, postWebhook, type PostOutcome } from './post-webhook.ts';
import { signedHeaders } from './sign.ts';
import { authHeaders } from './webhook-auth.ts';

export interface TestWebhookInput {
  /** An existing webhook: its endpoint, authentication and signing secret. */
  webhookId?: number;
  /** Or an endpoint not saved yet, signed with Zendesk's published test secret. */
  endpoint?: string;
}

/**
 * Sends one test request now, outside the outbox (admins only): a fixed envelope of type
 * `zen:event-type:webhook.test` that carries nobody's data. Answers the status only.
 */
export async function testWebhook(ctx: Ctx, input: TestWebhookInput): Promise<PostOutcome> {
  authorize(canAdminister(ctx.actor!));
  const hook = input.webhookId !== undefined ? await getWebhook(ctx.db, input.webhookId) : undefined;
  if (input.webhookId !== undefined && !hook) throw notFound();
  const endpoint = input.endpoint ?? hook?.endpoint;
  if (!endpoint) throw invalidField('request.endpoint', 'request.endpoint: is required without a webhook_id');
  checkEndpoint(ctx, endpoint);
  const at = ctx.now();
  const body = JSON.stringify({
    type: 'zen:event-type:webhook.test',
    account_id: ACCOUNT_ID,
    id: randomUUID(),
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    zendesk_event_version: '2022-06-20',
    subject: hook ? `zen:webhook:${hook.id}` : 'zen:webhook:test',
    event: {},
    detail: { message: 'This is a test request from Oubli.' },
  });
  const secret = hook && !input.endpoint ? hook.signing_secret : TEST_SIGNING_SECRET;
  const headers = { ...signedHeaders({ webhookId: hook?.id ?? 0, invocationKey: newInvocationKey(), secret, at, body }), ...(hook && !input.endpoint ? authHeaders(hook) : {}) };
  const outcome = await postWebhook(endpoint, headers, body, ctx.webhooks ?? DEFAULT_WEBHOOK_LIMITS);
  await recordEvent(ctx, ctx.db, { action: 'webhook.tested', subjectType: 'webhook', subjectId: hook?.id ?? null, details: { status: outcome.status, code: outcome.code } });
  return outcome;
}

import type { Ctx } from '../context.ts';
import type { ChangeFeed } from '../db/change-feed.ts';
import { runWebhookDeliveriesOnce } from '../domain/webhooks/deliver-webhooks.ts';
import { isWebhookAction } from '../domain/webhooks/event-types.ts';
import type { WebhookLimits } from '../domain/webhooks/post-webhook.ts';
import { startPollLoop, type PollLoop } from './poll-loop.ts';

/**
 * Sends queued webhook events until stopped (docs/webhooks.md "Delivery and retries"). It wakes
 * when an action that may have queued one commits — the change feed reports committed audit
 * events, from this server and every other on the database — and polls for retries that
 * fall due. Several servers may run it: each row is claimed by one (deliver-webhooks.ts).
 */
export function startWebhookDeliverer(ctx: Ctx, opts: WebhookLimits & { pollMs: number; changes?: ChangeFeed }): PollLoop {
  const loop = startPollLoop(ctx, {
    name: 'webhook deliverer',
    pollMs: opts.pollMs,
    once: () => runWebhookDeliveriesOnce(ctx, { allowPrivate: opts.allowPrivate, timeoutMs: opts.timeoutMs }),
  });
  const unsubscribe = opts.changes?.subscribe({
    change: (c) => {
      if (c.kind === 'event' && isWebhookAction(c.action)) loop.kick();
    },
    gap: () => loop.kick(),
  });
  return {
    kick: () => loop.kick(),
    async stop() {
      unsubscribe?.();
      await loop.stop();
    },
  };
}

import type { Ctx } from '../context.ts';
import type { ChangeFeed } from '../db/change-feed.ts';
import { runWebhookDeliveriesOnce } from '../domain/webhooks/deliver-webhooks.ts';
import { isWebhookAction } from '../domain/webhooks/event-types.ts';
import type { WebhookLimits } from '../domain/webhooks/post-webhook.ts';

/**
 * Sends queued webhook events until stopped (docs/webhooks.md "Delivery and retries"). It wakes
 * when an action that may have queued one commits — the change feed reports committed audit
 * events, from this server and every other on the database — and polls for retries that
 * fall due. Several servers may run it: each row is claimed by one (deliver-webhooks.ts).
 */
export function startWebhookDeliverer(ctx: Ctx, opts: WebhookLimits & { pollMs: number; changes?: ChangeFeed }): { stop(): Promise<void>; kick(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let again = false;
  const tick = () => {
    if (stopped) return;
    timer = undefined;
    busy = true;
    running = runWebhookDeliveriesOnce(ctx, { allowPrivate: opts.allowPrivate, timeoutMs: opts.timeoutMs })
      .catch((err) => ctx.log.error({ errName: (err as Error)?.name }, 'webhook deliverer run failed'))
      .finally(() => {
        busy = false;
        if (!stopped) timer = setTimeout(tick, again ? 0 : opts.pollMs);
        again = false;
      });
  };
  const kick = () => {
    if (stopped) return;
    if (busy) again = true;
    else {
      if (timer) clearTimeout(timer);
      timer = setTimeout(tick, 0);
    }
  };
  const unsubscribe = opts.changes?.subscribe({
    change: (c) => {
      if (c.kind === 'event' && isWebhookAction(c.action)) kick();
    },
    gap: kick,
  });
  timer = setTimeout(tick, 0);
  return {
    kick,
    async stop() {
      stopped = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

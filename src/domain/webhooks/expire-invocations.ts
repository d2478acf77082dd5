import type { Ctx } from '../../context.ts';
import { countInvocationsBefore, purgeInvocationsBefore } from '../../db/queries/webhooks.ts';
import { checkpointAfter } from '../redaction/common.ts';
import { INVOCATION_RETENTION_DAYS } from './delivery-rules.ts';

/**
 * The invocation log's retention (docs/webhooks.md): invocations created more than 7 days
 * ago go, with the bodies they sent, in batches, whatever their state (every retry is over
 * by then). Returns how many went (or would go).
 */
export async function expireInvocations(ctx: Ctx, opts: { dryRun: boolean; batch: number }): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - INVOCATION_RETENTION_DAYS * 86_400_000).toISOString();
  if (opts.dryRun) return countInvocationsBefore(ctx.db, cutoff);
  let total = 0;
  for (;;) {
    const gone = await purgeInvocationsBefore(ctx.db, cutoff, opts.batch);
    total += gone;
    if (gone < opts.batch) break;
  }
  // The bodies leave the write-ahead log too (docs/erasure-proof.md).
  if (total) await checkpointAfter(ctx, 'webhook.invocations_expired', { count: total });
  return total;
}

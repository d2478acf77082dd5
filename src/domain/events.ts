import type { Transaction, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Ctx } from '../context.ts';
import { actingUserId } from './auth/actor.ts';
import { insertAuditEvent } from '../db/queries/audit-events.ts';
import { queueWebhookEvents } from './webhooks/queue-webhook-events.ts';

/** Details an audit event may carry: ids, counts, states and field names — never a person's data. */
export type EventDetails = Record<string, string | number | boolean | null | number[] | string[]>;

/**
 * Writes one audit event in the caller's transaction, so the record and the change
 * commit or fail together. In a bulk job it names the job: the item's receipt.
 */
export async function recordEvent(
  ctx: Ctx,
  trx: Transaction<Database> | Kysely<Database>,
  event: { action: string; subjectType: string; subjectId: number | null; details?: EventDetails },
): Promise<void> {
  await insertAuditEvent(trx, {
    actor_id: actingUserId(ctx.actor),
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    details: JSON.stringify(ctx.jobItem === undefined ? (event.details ?? {}) : { ...event.details, job_item: ctx.jobItem }),
    job_id: ctx.jobId ?? null,
    created_at: ctx.now().toISOString(),
  });
  // Webhooks (docs/webhooks.md): the events this action stands for join the outbox in the
  // same transaction, so they are sent exactly when the action committed.
  await queueWebhookEvents(ctx, trx, { action: event.action, subjectId: event.subjectId, details: event.details ?? {} });
}

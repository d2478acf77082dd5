import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import {
  activeWebhooks,
  blankInvocationBodiesOfSubject,
  blankInvocationBodiesOfTicket,
  blankInvocationBodiesOfUser,
  insertInvocations,
  noticeWebhooksOf,
} from '../../db/queries/webhooks.ts';
import type { EventDetails } from '../events.ts';
import { REDACTING_ACTIONS, webhookEventsOf, type MappedEvent } from './event-types.ts';
import { newInvocationKey } from './ids.ts';


/**
 * Called by recordEvent for every audit event, in the action's transaction: queues the
 * webhook events it stands for, one outbox row per active webhook subscribed to each, and
 * after a redaction blanks the invocation log's copies of the text it removed. Nothing is
 * sent here: the deliverer (deliver-webhooks.ts) sends after commit.
 */
export async function queueWebhookEvents(ctx: Ctx, trx: Kysely<Database>, audit: { action: string; subjectId: number | null; details: EventDetails }): Promise<void> {
  await forgetRedacted(trx, audit);
  const events = webhookEventsOf(audit.action, audit.subjectId, audit.details);
  if (!events.length) return;
  const hooks = await activeWebhooks(trx);
  if (!hooks.length) return;
  const now = ctx.now().toISOString();
  for (const e of events) {
    let targets = hooks.filter((h) => subscribed(h.subscriptions, e.type)).map((h) => h.id);
    // A person's erasure already told the webhooks of her ledger (notify-erasure.ts): once is enough.
    if (targets.length && e.type === 'zen:event-type:user.permanently_deleted') {
      const told = new Set(await noticeWebhooksOf(trx, e.type, e.subjectId));
      targets = targets.filter((id) => !told.has(id));
    }
    await insertInvocations(trx, targets.map((webhookId) => invocationRow(webhookId, e, now, null)));
  }
}

/** One outbox row: queued now, the invocation id fixed for every retry. */
export function invocationRow(webhookId: number, e: MappedEvent, now: string, ledgerId: number | null) {
  return {
    webhook_id: webhookId,
    invocation_key: newInvocationKey(),
    event_id: randomUUID(),
    event_type: e.type,
    subject_type: e.subjectType,
    subject_id: e.subjectId,
    user_id: e.idsOnly ? null : e.userId,
    ticket_id: e.idsOnly ? null : e.ticketId,
    ledger_id: ledgerId,
    event_data: JSON.stringify(e.event),
    event_time: now,
    status: 'queued' as const,
    next_attempt_at: now,
    attempt_log: '[]',
    body: null,
    created_at: now,
    completed_at: null,
  };
}

function subscribed(subscriptions: string, type: string): boolean {
  try {
    const list = JSON.parse(subscriptions) as unknown;
    return Array.isArray(list) && list.includes(type);
  } catch {
    return false;
  }
}

async function forgetRedacted(trx: Kysely<Database>, audit: { action: string; subjectId: number | null; details: EventDetails }): Promise<void> {
  const scope = REDACTING_ACTIONS[audit.action];
  if (!scope) return;
  const fromDetails = typeof audit.details.ticket_id === 'number' ? audit.details.ticket_id : null;
  if (scope === 'ticket') {
    const ticketId = fromDetails ?? audit.subjectId;
    if (ticketId !== null) await blankInvocationBodiesOfTicket(trx, ticketId);
  } else if (audit.subjectId !== null) {
    if (scope === 'user') await blankInvocationBodiesOfUser(trx, audit.subjectId);
    await blankInvocationBodiesOfSubject(trx, scope, audit.subjectId);
  }
}

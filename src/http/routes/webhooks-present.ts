import type { AttemptEntry } from '../../domain/webhooks/deliver-webhooks.ts';
import type { InvocationRow } from '../../domain/webhooks/list-invocations.ts';
import type { WebhookRow } from '../../domain/webhooks/read-webhook.ts';
import { ts } from '../presenters/common.ts';

// Webhooks, their invocations and attempts in Zendesk's shapes (docs/webhooks.md). Ids are
// strings, as Zendesk's are; credentials are never shown back, only their type.

/** A webhook. */
export function presentWebhook(h: WebhookRow) {
  return {
    id: String(h.id),
    name: h.name,
    description: h.description,
    status: h.status,
    endpoint: h.endpoint,
    http_method: h.http_method,
    request_format: h.request_format,
    subscriptions: JSON.parse(h.subscriptions) as string[],
    ...(h.auth_type ? { authentication: { type: h.auth_type, add_position: 'header' } } : {}),
    created_at: ts(h.created_at),
    updated_at: ts(h.updated_at),
  };
}

const STATUS = { queued: 'pending', succeeded: 'success', failed: 'failed' } as const;

function attemptsOf(row: InvocationRow): AttemptEntry[] {
  return JSON.parse(row.attempt_log) as AttemptEntry[];
}

/** One invocation: the event sent to one webhook, however many attempts it took. */
export function presentInvocation(row: InvocationRow) {
  const attempts = attemptsOf(row);
  const latest = attempts[attempts.length - 1];
  return {
    id: row.invocation_key,
    webhook_id: String(row.webhook_id),
    event_type: row.event_type,
    event_id: row.event_id,
    status: STATUS[row.status],
    status_code: latest?.status_code ?? null,
    attempts: row.attempts,
    latest_completed_at: latest ? ts(latest.completed_at) : null,
    next_attempt_at: row.status === 'queued' ? ts(row.next_attempt_at) : null,
    created_at: ts(row.created_at),
  };
}

/** An invocation's attempts: what was sent (the body last sent, while the 7-day log keeps it) and the answer's status. */
export function presentAttempts(row: InvocationRow) {
  return attemptsOf(row).map((a) => ({
    id: a.id,
    invocation_id: row.invocation_key,
    status: a.status,
    completed_at: ts(a.completed_at),
    // A fixed word for a failure (http_500, timeout, refused_address), never the remote's text.
    error: a.status === 'success' ? null : a.code,
    duration_ms: a.duration_ms,
    request: { payload: row.body },
    response: { status: a.status_code },
  }));
}

import type { Ctx } from '../../context.ts';
import { claimInvocation, dueInvocations, getInvocation, getWebhook, updateInvocation } from '../../db/queries/webhooks.ts';
import { acknowledgeRecipient } from '../../db/queries/recipients.ts';
import { recordRecipients } from '../recipients/record-recipients.ts';
import { buildWebhookBody } from './build-body.ts';
import { MAX_WEBHOOK_ATTEMPTS, webhookBackoff } from './delivery-rules.ts';
import { DEFAULT_WEBHOOK_LIMITS, postWebhook, type WebhookLimits } from './post-webhook.ts';
import { authHeaders } from './webhook-auth.ts';
import { signedHeaders } from './sign.ts';

// The deliverer: events are queued in the transaction of the action that caused them
// (queue-webhook-events.ts); this sends them after commit, outside any transaction, and
// records each attempt in its own short one. Every server on a database runs it: a row is
// claimed by moving its next attempt past the request's timeout, so only one server sends
// it; a server killed mid-request leaves the claim to run out, and another (or the same,
// restarted) sends it again with the same invocation id (at least once).

export interface DeliveryReport {
  succeeded: number;
  retried: number;
  failed: number;
}

/** One attempt as the invocation log keeps it: no body, no remote text. */
export interface AttemptEntry {
  id: string;
  completed_at: string;
  status: 'success' | 'failed';
  status_code: number | null;
  code: string;
  duration_ms: number;
}

/** Sends every invocation due now, in batches, until none is due. */
export async function runWebhookDeliveriesOnce(ctx: Ctx, limits: WebhookLimits = ctx.webhooks ?? DEFAULT_WEBHOOK_LIMITS, batch = 20): Promise<DeliveryReport> {
  const report: DeliveryReport = { succeeded: 0, retried: 0, failed: 0 };
  const tried = new Set<number>();
  for (;;) {
    const now = ctx.now();
    const rows = (await dueInvocations(ctx.db, now.toISOString(), batch)).filter((r) => !tried.has(r.id));
    if (!rows.length) return report;
    for (const row of rows) {
      tried.add(row.id);
      // Held for twice the timeout: another server skips it meanwhile.
      if (!(await claimInvocation(ctx.db, row.id, row.next_attempt_at, new Date(now.getTime() + 2 * limits.timeoutMs + 1000).toISOString()))) continue;
      const outcome = await deliverOne(ctx, row.id, limits);
      if (outcome) report[outcome]++;
    }
  }
}

async function deliverOne(ctx: Ctx, id: number, limits: WebhookLimits): Promise<keyof DeliveryReport | null> {
  const row = await getInvocation(ctx.db, id);
  if (!row || row.status !== 'queued') return null;
  const hook = await getWebhook(ctx.db, row.webhook_id);
  const at = ctx.now();
  if (!hook || hook.status !== 'active') {
    await updateInvocation(ctx.db, id, { status: 'failed', completed_at: at.toISOString(), attempt_log: appendAttempt(row.attempt_log, row.attempts, at, null, 'webhook_inactive', 0) });
    return 'failed';
  }
  const built = await buildWebhookBody(ctx.db, row);
  const headers = { ...signedHeaders({ webhookId: hook.id, invocationKey: row.invocation_key, secret: hook.signing_secret, at, body: built.body }), ...authHeaders(hook) };
  const sent = await postWebhook(hook.endpoint, headers, built.body, limits);
  const done = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    // Re-read: an erasure may have taken the row meanwhile (and with it the body's subject).
    const still = await getInvocation(trx, id);
    if (!still || still.status !== 'queued') return null;
    const attempts = still.attempts + 1;
    const last = !sent.ok && (sent.permanent || attempts >= MAX_WEBHOOK_ATTEMPTS);
    await updateInvocation(trx, id, {
      attempts,
      attempt_log: appendAttempt(still.attempt_log, still.attempts, done, sent.status, sent.code, sent.durationMs),
      // The invocation log shows what went out (7 days at most); nothing left, nothing kept.
      body: sent.sent ? built.body : still.body,
      status: sent.ok ? 'succeeded' : last ? 'failed' : 'queued',
      next_attempt_at: sent.ok || last ? still.next_attempt_at : new Date(done.getTime() + webhookBackoff(attempts)).toISOString(),
      completed_at: sent.ok || last ? done.toISOString() : null,
    });
    // The erasure ledger (docs/webhooks.md "Who was told"): whoever the body carried was handed to this endpoint.
    if (sent.sent) await recordRecipients(ctx, trx, { userIds: built.userIds, recipient: { kind: 'webhook', recipientKey: `webhook:${hook.id}`, webhookId: hook.id } });
    // An erasure notice answered 2xx: the recipient has acknowledged it.
    if (sent.ok && still.ledger_id !== null) await acknowledgeRecipient(trx, still.ledger_id, done.toISOString());
    if (!sent.ok) ctx.log.warn({ webhookId: hook.id, invocationId: id, code: sent.code, attempts }, 'webhook not accepted');
    return sent.ok ? 'succeeded' : last ? 'failed' : 'retried';
  });
}

function appendAttempt(log: string, n: number, at: Date, status: number | null, code: string, durationMs: number): string {
  const list = JSON.parse(log) as AttemptEntry[];
  list.push({ id: String(n + 1), completed_at: at.toISOString(), status: code === 'ok' ? 'success' : 'failed', status_code: status, code, duration_ms: durationMs });
  return JSON.stringify(list);
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recipientsOf } from '../../db/queries/recipients.ts';
import type { RecipientsSummary } from '../../shared/webhooks.ts';

/**
 * Whom a person's data had been handed to, as her erasure certificate says it: machine
 * recipients by id with when they were told and when they answered, people by count only.
 */
export async function summarizeRecipients(db: Kysely<Database>, userId: number): Promise<RecipientsSummary> {
  const rows = await recipientsOf(db, userId);
  const machine = rows.filter((r) => r.kind === 'webhook' || r.kind === 'incremental_export');
  return {
    notified: machine.filter((r) => r.notified_at).length,
    acknowledged: machine.filter((r) => r.acknowledged_at).length,
    webhooks: rows.filter((r) => r.kind === 'webhook').map((r) => ({ webhook_id: r.webhook_id ?? 0, notified_at: r.notified_at, acknowledged_at: r.acknowledged_at })),
    api_tokens: rows.filter((r) => r.kind === 'incremental_export').map((r) => ({ api_token_id: r.api_token_id ?? 0, notified_at: r.notified_at, acknowledged_at: r.acknowledged_at })),
    mail_recipients: rows.filter((r) => r.kind === 'mail').length,
    access_exports: rows.filter((r) => r.kind === 'access_export').length,
  };
}

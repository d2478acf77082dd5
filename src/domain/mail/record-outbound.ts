import type { Ctx } from '../../context.ts';
import { updateOutbound, type OutboundRow } from '../../db/queries/mail.ts';
import type { Prepared } from './prepare-outbound.ts';
import { recordMailRecipient } from '../recipients/record-mail-recipient.ts';

/** Waits between attempts: 1 min, 5 min, 15 min, 1 h, 4 h, then every 12 h until the mail is too old. */
export const BACKOFF_MS = [60_000, 300_000, 900_000, 3_600_000, 14_400_000, 43_200_000];
export const MAX_ATTEMPTS = 8;

/** How an attempt went. `code` is an SMTP code or an error category, never a server's text. */
export type AttemptResult = { ok: true } | { ok: false; code: string; permanent: boolean };

/** Delay before the attempt after `attempts` failed ones. */
export function backoffAfter(attempts: number): number {
  return BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1] ?? BACKOFF_MS[0]!;
}

export interface RecordOutboundSkippedInput {
  message: OutboundRow;
  /** Why prepareOutbound will not send it. */
  skip: Extract<Prepared, { skip: unknown }>['skip'];
}

/** Records a mail that will not be sent (the recipient was suspended since, or it expired). */
export async function recordOutboundSkipped(ctx: Ctx, { message: row, skip }: RecordOutboundSkippedInput): Promise<void> {
  await updateOutbound(ctx.db, row.id, {
    status: skip === 'expired' ? 'failed' : 'skipped',
    last_error_code: skip,
    updated_at: ctx.now().toISOString(),
  });
}

export interface RecordOutboundAttemptInput {
  message: OutboundRow;
  result: AttemptResult;
}

/** Records one attempt: sent, retried later with backoff, or given up (a 5xx, or too many tries). */
export async function recordOutboundAttempt(ctx: Ctx, { message: row, result }: RecordOutboundAttemptInput): Promise<void> {
  const now = ctx.now();
  const attempts = row.attempts + 1;
  if (result.ok) {
    await ctx.db.transaction().execute(async (trx) => {
      await updateOutbound(trx, row.id, { status: 'sent', attempts, sent_at: now.toISOString(), last_error_code: null, updated_at: now.toISOString() });
      // The erasure ledger (docs/webhooks.md "Who was told"): the recipient now holds mail about the ticket's people.
      await recordMailRecipient(ctx, trx, { recipientId: row.recipient_id, ticketId: row.ticket_id });
    });
    return;
  }
  const giveUp = result.permanent || attempts >= MAX_ATTEMPTS;
  await updateOutbound(ctx.db, row.id, {
    status: giveUp ? 'failed' : 'queued',
    attempts,
    last_error_code: result.code.slice(0, 40),
    next_attempt_at: new Date(now.getTime() + backoffAfter(attempts)).toISOString(),
    updated_at: now.toISOString(),
  });
}

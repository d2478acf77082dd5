import nodemailer from 'nodemailer';
import type { Ctx } from '../context.ts';
import { claimDueOutbound, prepareOutbound, type ComposedMail, type MailIdentity } from '../domain/mail/prepare-outbound.ts';
import { MAX_ATTEMPTS, recordOutboundAttempt, recordOutboundSkipped, type AttemptResult } from '../domain/mail/record-outbound.ts';
import { claimDueRecipients, prepareNpsMail, recordNpsAttempt } from '../domain/satisfaction/nps-mail.ts';

// The outbox sender: mail is queued in the transaction of the change that caused it
// (domain/mail/queue-notification.ts) and goes out from here after commit, with backoff.

/** Something that hands a composed mail to a relay. */
export interface MailSender {
  send(mail: ComposedMail): Promise<AttemptResult>;
  close(): void;
}

/** What a failure is called in the outbox: the SMTP code, else nodemailer's category. No server text. */
export function attemptError(err: unknown): AttemptResult {
  const e = err as { responseCode?: number; code?: string };
  if (typeof e?.responseCode === 'number') {
    return { ok: false, code: `smtp_${e.responseCode}`, permanent: e.responseCode >= 500 && e.responseCode < 600 };
  }
  const code = typeof e?.code === 'string' && /^[A-Z_]{2,30}$/.test(e.code) ? e.code : 'ERROR';
  return { ok: false, code, permanent: false };
}

/** Sends through an SMTP relay given as `smtp://[user:pass@]host:port` (or `smtps://`). */
export function smtpSender(relayUrl: string): MailSender {
  const transport = nodemailer.createTransport({
    url: relayUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as never);
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: mail.from,
          to: { name: mail.to.name, address: mail.to.address },
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          messageId: mail.messageId,
          ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
          ...(mail.references.length ? { references: mail.references } : {}),
          headers: mail.automatic ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {},
        });
        return { ok: true };
      } catch (err) {
        return attemptError(err);
      }
    },
    close: () => transport.close(),
  };
}

export interface OutboxRunReport {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

/** Sends what is due now, in batches, until nothing is due. */
export async function runOutboxOnce(ctx: Ctx, sender: MailSender, identity: MailIdentity, batch = 20): Promise<OutboxRunReport> {
  const report: OutboxRunReport = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  for (;;) {
    const rows = await claimDueOutbound(ctx, { limit: batch });
    if (rows.length === 0) break;
    for (const row of rows) {
      const prepared = await prepareOutbound(ctx, { message: row, identity });
      if ('skip' in prepared) {
        await recordOutboundSkipped(ctx, { message: row, skip: prepared.skip });
        report.skipped++;
        continue;
      }
      const result = await sender.send(prepared.send);
      await recordOutboundAttempt(ctx, { message: row, result });
      if (result.ok) report.sent++;
      else if (result.permanent || row.attempts + 1 >= MAX_ATTEMPTS) report.failed++;
      else report.retried++;
      if (!result.ok) ctx.log.warn({ outboundId: row.id, code: result.code }, 'outgoing mail not accepted by the relay');
    }
  }
  // NPS surveys' recipients (docs/satisfaction.md): their own outbox, the same relay.
  for (;;) {
    const rows = await claimDueRecipients(ctx, batch);
    if (rows.length === 0) return report;
    for (const row of rows) {
      const mail = await prepareNpsMail(ctx, row, identity);
      if (!mail) {
        report.skipped++;
        continue;
      }
      const result = await sender.send(mail);
      await recordNpsAttempt(ctx, row, result);
      if (result.ok) report.sent++;
      else if (result.permanent || row.attempts + 1 >= MAX_ATTEMPTS) report.failed++;
      else report.retried++;
      if (!result.ok) ctx.log.warn({ npsRecipientId: row.id, code: result.code }, 'survey mail not accepted by the relay');
    }
  }
}

/** What one pass sends with: a fixed sender, or one looked up before each pass (null = send nothing now). */
export type OutboxSource =
  | { sender: MailSender; identity: MailIdentity }
  | { resolve: () => Promise<{ sender: MailSender; identity: MailIdentity } | null>; close?: () => void };

/** Polls the outbox until stopped; `kick()` runs it at once (after a commit that queued mail). */
export function startOutboxLoop(ctx: Ctx, opts: OutboxSource & { pollMs: number }): { stop(): Promise<void>; kick(): void } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let again = false;
  const pass = async () => {
    const using = 'resolve' in opts ? await opts.resolve() : opts;
    if (using) await runOutboxOnce(ctx, using.sender, using.identity);
  };
  const tick = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    running = pass()
      .catch((err) => ctx.log.error({ errName: (err as Error)?.name }, 'outbox run failed'))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(tick, again ? 0 : opts.pollMs);
        again = false;
      });
  };
  timer = setTimeout(tick, 0);
  return {
    kick() {
      if (stopped) return;
      if (timer) {
        clearTimeout(timer);
        timer = setTimeout(tick, 0);
      } else again = true;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      if ('resolve' in opts) opts.close?.();
      else opts.sender.close();
    },
  };
}

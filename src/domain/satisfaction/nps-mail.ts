import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import { claimRecipient, dueRecipients, getSurvey, updateRecipient, type NpsRecipientRow } from '../../db/queries/satisfaction.ts';
import { getUser } from '../../db/queries/users.ts';
import { foldLines } from '../../shared/text.ts';
import { canReceiveMail } from '../mail/queue-notification.ts';
import type { ComposedMail, MailIdentity } from '../mail/prepare-outbound.ts';
import { backoffAfter, MAX_ATTEMPTS, type AttemptResult } from '../mail/record-outbound.ts';
import { readSettingsInForce } from '../settings.ts';
import { issueLink, surveyUrl } from './survey-links.ts';

// The NPS survey's outbox (docs/satisfaction.md "NPS"): its recipient rows, sent by the same
// outbox pass as ticket mail (src/mail/outbox.ts). Each attempt re-checks the person (a
// contact suspended, deleted or erased since the Send gets nothing) and issues a fresh link
// secret, keeping only its hash. The address is the one copied at Send.

const LEASE_MS = 5 * 60_000;

/** Claims up to `limit` due recipients for this sender. */
export async function claimDueRecipients(ctx: Ctx, limit: number): Promise<NpsRecipientRow[]> {
  const now = ctx.now();
  const until = new Date(now.getTime() + LEASE_MS).toISOString();
  const mine: NpsRecipientRow[] = [];
  for (const r of await dueRecipients(ctx.db, now.toISOString(), limit)) {
    if (r.next_attempt_at && (await claimRecipient(ctx.db, r.id, r.next_attempt_at, until))) mine.push(r);
  }
  return mine;
}

/** The mail for one recipient, or why it is not sent (their row is marked `skipped`). */
export async function prepareNpsMail(ctx: Ctx, r: NpsRecipientRow, identity: MailIdentity): Promise<ComposedMail | null> {
  const [user, survey, settings] = await Promise.all([getUser(ctx.db, r.user_id), getSurvey(ctx.db, r.survey_id), readSettingsInForce(ctx)]);
  const now = ctx.now().toISOString();
  if (!user || !canReceiveMail(user) || !survey || !r.user_email || !settings.public_url) {
    await updateRecipient(ctx.db, r.id, { status: 'skipped', next_attempt_at: null, updated_at: now });
    return null;
  }
  const link = issueLink(ctx.now());
  await updateRecipient(ctx.db, r.id, { token_hash: link.hash, token_expires_at: link.expiresAt });
  const url = surveyUrl(settings.public_url, 'nps', link.token);
  const question = foldLines(survey.question).trim();
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  const scale = Array.from({ length: 11 }, (_, i) => i);
  return {
    id: r.id,
    to: { name: foldLines(user.name).trim(), address: r.user_email },
    from: identity.from,
    subject: foldLines(survey.name).trim() || 'A quick question',
    text: `${question}\n\nAnswer from 0 (not at all likely) to 10 (extremely likely):\n${url}\n\n` + scale.map((i) => `${i}: ${url}?rating=${i}`).join('\n'),
    html: `<p>${esc(question)}</p><p>` + scale.map((i) => `<a href="${esc(url)}?rating=${i}">${i}</a>`).join(' ') + `</p><p>0 = not at all likely, 10 = extremely likely</p>`,
    messageId: `<oubli.nps.${r.id}.${randomBytes(9).toString('base64url')}@${identity.domain}>`,
    inReplyTo: null,
    references: [],
    automatic: true,
  };
}

/** Records one attempt: sent, retried with backoff, or given up. */
export async function recordNpsAttempt(ctx: Ctx, r: NpsRecipientRow, result: AttemptResult): Promise<void> {
  const now = ctx.now();
  const attempts = r.attempts + 1;
  if (result.ok) {
    await updateRecipient(ctx.db, r.id, { status: 'sent', attempts, sent_at: now.toISOString(), next_attempt_at: null, last_error_code: null, updated_at: now.toISOString() });
    return;
  }
  const giveUp = result.permanent || attempts >= MAX_ATTEMPTS;
  await updateRecipient(ctx.db, r.id, {
    status: giveUp ? 'failed' : 'queued',
    attempts,
    last_error_code: result.code,
    next_attempt_at: giveUp ? null : new Date(now.getTime() + backoffAfter(attempts)).toISOString(),
    updated_at: now.toISOString(),
  });
}

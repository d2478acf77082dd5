import type { Ctx } from '../../context.ts';
import { ratingOfTicket, updateRating } from '../../db/queries/satisfaction.ts';
import type { TicketRow } from '../tickets/read-ticket.ts';
import { foldLines } from '../../shared/text.ts';
import { readSettingsInForce } from '../settings.ts';
import { issueLink, surveyUrl } from './survey-links.ts';

// The CSAT survey mail (docs/satisfaction.md), rendered by the outbox when it is sent: a new
// link secret is issued for each attempt and only its hash kept, so the secret is never
// stored; a retried mail carries a fresh link and the earlier one stops working.

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The survey mail of a ticket, or null when there is nothing to ask any more (rated, reopened, erased, no public address). */
export async function surveyMailOf(ctx: Ctx, input: { ticket: Pick<TicketRow, 'id' | 'subject' | 'status'>; recipientName: string }): Promise<{ subject: string; text: string; html: string } | null> {
  const { ticket } = input;
  if (ticket.status !== 'solved') return null;
  const rating = await ratingOfTicket(ctx.db, ticket.id);
  if (!rating || rating.erased_at || rating.score !== 'offered') return null;
  const { public_url } = await readSettingsInForce(ctx);
  if (!public_url) return null;
  const link = issueLink(ctx.now());
  if (!(await updateRating(ctx.db, rating.id, { token_hash: link.hash, token_expires_at: link.expiresAt }))) return null;
  const url = surveyUrl(public_url, 'satisfaction', link.token);
  const subject = foldLines(`[#${ticket.id}] How would you rate the support you received?`);
  const about = foldLines(ticket.subject ?? '').trim() || `Request #${ticket.id}`;
  const text =
    `Your request #${ticket.id} ("${about}") has been solved.\n\n` +
    `How would you rate the support you received?\n\n` +
    `Good, I'm satisfied: ${url}?score=good\n` +
    `Bad, I'm unsatisfied: ${url}?score=bad\n\n` +
    `You can change your rating while the request is solved. The link works for 28 days.`;
  const html =
    `<p>Your request #${ticket.id} (&ldquo;${esc(about)}&rdquo;) has been solved.</p>` +
    `<p>How would you rate the support you received?</p>` +
    `<p><a href="${esc(url)}?score=good">Good, I'm satisfied</a> &nbsp; <a href="${esc(url)}?score=bad">Bad, I'm unsatisfied</a></p>` +
    `<p>You can change your rating while the request is solved. The link works for 28 days.</p>`;
  return { subject, text, html };
}

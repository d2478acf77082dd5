import type { Ctx } from '../../context.ts';
import { insertOutbound } from '../../db/queries/mail.ts';
import { insertRating, ratingOfTicket, ticketsDueForSurvey } from '../../db/queries/satisfaction.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { getUser } from '../../db/queries/users.ts';
import { recordEvent } from '../events.ts';
import { canReceiveMail } from '../mail/queue-notification.ts';
import { readSettingsInForce } from '../settings.ts';

// The CSAT survey (docs/satisfaction.md): a solved ticket's requester gets one survey mail,
// `satisfaction_delay_hours` after the ticket was solved. Driven by the sweep and ctx.now(),
// from the tickets themselves (solved_at, and whether a rating row exists), so a restart or
// a second server changes nothing: the rating row is made with the mail, in one transaction,
// and its unique ticket_id means a ticket is offered once, whatever runs at the same time.

export interface OfferSurveysInput {
  dryRun: boolean;
  batch: number;
}

/** Offers the survey of every solved ticket due for one; returns the ticket ids. Off unless the account enables it. */
export async function offerSatisfactionSurveys(ctx: Ctx, input: OfferSurveysInput): Promise<number[]> {
  const s = await readSettingsInForce(ctx);
  if (!s.satisfaction_enabled || !s.public_url) return [];
  const cutoff = new Date(ctx.now().getTime() - s.satisfaction_delay_hours * 3600_000).toISOString();
  const offered: number[] = [];
  for (let after = 0; ; ) {
    const ids = await ticketsDueForSurvey(ctx.db, cutoff, after, input.batch);
    for (const id of ids) {
      if (input.dryRun) offered.push(id);
      else if (await offerOne(ctx, id, cutoff)) offered.push(id);
    }
    if (ids.length < input.batch) break;
    after = ids[ids.length - 1]!;
  }
  if (offered.length && !input.dryRun) ctx.mailQueued?.();
  return offered;
}

/** One ticket, re-checked in the write's transaction (it may have been reopened, or its requester suspended, since the read). */
async function offerOne(ctx: Ctx, ticketId: number, cutoff: string): Promise<boolean> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const t = await getTicket(trx, ticketId);
      if (!t || t.status !== 'solved' || t.state !== 'active' || !t.solved_at || !(t.solved_at < cutoff)) return false;
      if (await ratingOfTicket(trx, ticketId)) return false;
      const requester = await getUser(trx, t.requester_id);
      if (!requester || !canReceiveMail(requester)) return false;
      const now = ctx.now().toISOString();
      const ratingId = await insertRating(trx, {
        ticket_id: t.id,
        requester_id: t.requester_id,
        assignee_id: t.assignee_id,
        group_id: t.group_id,
        score: 'offered',
        comment: null,
        reason_id: null,
        token_hash: null,
        token_expires_at: null,
        rated_at: null,
        created_at: now,
        updated_at: now,
        erased_at: null,
      });
      await insertOutbound(trx, {
        kind: 'satisfaction',
        recipient_id: t.requester_id,
        ticket_id: t.id,
        comment_id: null,
        status: 'queued',
        attempts: 0,
        next_attempt_at: now,
        message_id: null,
        sent_at: null,
        last_error_code: null,
        created_at: now,
        updated_at: now,
      });
      await recordEvent(ctx, trx, { action: 'satisfaction_rating.offered', subjectType: 'ticket', subjectId: t.id, details: { satisfaction_rating_id: ratingId } });
      return true;
    });
  } catch (err) {
    // Another sweep offered it first (the unique ticket_id): nothing to do.
    if (await ratingOfTicket(ctx.db, ticketId)) return false;
    throw err;
  }
}

import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { insertRating, listReasons, ratingByTokenHash, ratingOfTicket, reasonByCode, updateRating, type RatingRow } from '../../db/queries/satisfaction.ts';
import { AppError, invalidField, notFound } from '../../errors.ts';
import type { RatingInput } from '../../shared/satisfaction.ts';
import { unstorableText } from '../../shared/text.ts';
import { recordEvent } from '../events.ts';
import { linkHash } from './survey-links.ts';

// Rating a solved ticket (docs/satisfaction.md): from the survey link (the secret in it is the
// credential: no sign-in), or as the signed-in requester through the API (Zendesk's POST
// /tickets/{id}/satisfaction_rating). Zendesk lets the requester change the rating while the
// ticket is solved; once it is closed, the rating is final. `good` has no reason.

/** Why a link does not work, in words the requester can act on (no one's data). */
export const LINK_PROBLEMS = {
  unknown: 'This survey link is not valid. Use the link in the most recent survey email.',
  expired: 'This survey link has expired.',
  closed: 'This request is closed, so its rating can no longer be changed.',
} as const;

export type LinkProblem = keyof typeof LINK_PROBLEMS;

/** The rating a link names, or why it cannot be used. */
export async function ratingOfLink(ctx: Pick<Ctx, 'db' | 'now'>, { token }: { token: string }): Promise<{ rating: RatingRow; problem: LinkProblem | null } | null> {
  const rating = await ratingByTokenHash(ctx.db, linkHash(token));
  if (!rating) return null;
  if (!rating.token_expires_at || rating.token_expires_at <= ctx.now().toISOString()) return { rating, problem: 'expired' };
  const t = await getTicket(ctx.db, rating.ticket_id);
  if (!t || t.state !== 'active' || t.status !== 'solved') return { rating, problem: 'closed' };
  return { rating, problem: null };
}

async function reasonIdOf(db: Kysely<Database>, input: RatingInput): Promise<number | null> {
  if (input.score === 'good' || input.reason_code === undefined) return null;
  const r = await reasonByCode(db, input.reason_code);
  if (!r) throw invalidField('reason_code', 'Reason code: not one of GET /api/v2/satisfaction_reasons.');
  return r.id;
}

function cleanComment(c: string | undefined): string | null {
  const s = (c ?? '').trim();
  if (!s) return null;
  if (unstorableText(s)) throw invalidField('comment', 'Comment: this text cannot be stored.');
  return s;
}

async function apply(ctx: Ctx, trx: Kysely<Database>, rating: RatingRow, input: RatingInput, via: 'link' | 'api'): Promise<void> {
  const now = ctx.now().toISOString();
  const changed = await updateRating(trx, rating.id, {
    score: input.score,
    comment: cleanComment(input.comment),
    reason_id: await reasonIdOf(trx, input),
    rated_at: now,
    updated_at: now,
  });
  if (!changed) throw notFound();
  await recordEvent(ctx, trx, {
    action: 'satisfaction_rating.rated',
    subjectType: 'ticket',
    subjectId: rating.ticket_id,
    details: { satisfaction_rating_id: rating.id, score: input.score, with_comment: !!cleanComment(input.comment), via },
  });
}

/** Rates (or re-rates) the ticket a survey link names. */
export async function rateByLink(ctx: Ctx, input: { token: string; rating: RatingInput }): Promise<RatingRow> {
  const found = await ratingOfLink(ctx, { token: input.token });
  if (!found) throw new AppError('not_found', LINK_PROBLEMS.unknown);
  if (found.problem) throw new AppError('record_invalid', LINK_PROBLEMS[found.problem]);
  await ctx.db.transaction().execute((trx) => apply(ctx, trx, found.rating, input.rating, 'link'));
  return (await ratingOfTicket(ctx.db, found.rating.ticket_id))!;
}

/** POST /tickets/{id}/satisfaction_rating: only the ticket's requester, signed in, while it is solved. */
export async function rateAsRequester(ctx: Ctx, input: { ticketId: number; rating: RatingInput }): Promise<RatingRow> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated', "Couldn't authenticate you");
  await ctx.db.transaction().execute(async (trx) => {
    const t = await getTicket(trx, input.ticketId);
    // Staff and other end users learn nothing about the ticket: the same 404 as a missing one.
    if (!t || t.state !== 'active' || actor.role !== 'end-user' || t.requester_id !== actor.id) throw notFound();
    if (t.status !== 'solved') throw new AppError('record_invalid', 'Only a solved ticket can be rated; a closed ticket’s rating is final.');
    let rating = await ratingOfTicket(trx, t.id);
    if (!rating) {
      const now = ctx.now().toISOString();
      await insertRating(trx, {
        ticket_id: t.id,
        requester_id: t.requester_id,
        assignee_id: t.assignee_id,
        group_id: t.group_id,
        score: 'unoffered',
        comment: null,
        reason_id: null,
        token_hash: null,
        token_expires_at: null,
        rated_at: null,
        created_at: now,
        updated_at: now,
        erased_at: null,
      });
      rating = (await ratingOfTicket(trx, t.id))!;
    }
    await apply(ctx, trx, rating, input.rating, 'api');
  });
  return (await ratingOfTicket(ctx.db, input.ticketId))!;
}

/** The reasons the survey page offers (no sign-in: the page is reached by its link). */
export async function readLinkReasons(ctx: Pick<Ctx, 'db'>): Promise<{ id: number; reason_code: number; value: string }[]> {
  return listReasons(ctx.db);
}

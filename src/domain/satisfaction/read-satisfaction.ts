import type { Ctx } from '../../context.ts';
import type { PageOpts } from '../../db/queries/paging.ts';
import {
  countRatings,
  countResponses,
  countSurveys,
  getRating,
  getReason,
  getSurvey,
  incrementalNps,
  listRatings,
  listReasons,
  listResponses,
  listSurveys,
  ratingsOfTickets,
  reasonsByIds,
  surveyCounts,
  type NpsRecipientRow,
  type NpsResponseRow,
  type NpsSurveyRow,
  type RatingFilter,
  type RatingRow,
  type ReasonRow,
  type SurveyCounts,
} from '../../db/queries/satisfaction.ts';
import { notFound } from '../../errors.ts';
import { authorize, canAdminister, canWorkTickets } from '../policy.ts';

export type { NpsRecipientRow, NpsResponseRow, NpsSurveyRow, RatingFilter, RatingRow, ReasonRow, SurveyCounts };

// Reading ratings, reasons and NPS surveys: admins, as in Zendesk ("Allowed for Admins"); a
// ticket's own rating is shown to the agents who work it (the ticket's satisfaction_rating).

/** A page of ratings, filtered as GET /satisfaction_ratings filters (admins). */
export async function readRatings(ctx: Ctx, input: { filter: RatingFilter; page: PageOpts }): Promise<RatingRow[]> {
  authorize(canAdminister(ctx.actor!));
  return listRatings(ctx.db, input.filter, input.page);
}

/** How many ratings match the filter (admins). */
export async function countSatisfactionRatings(ctx: Ctx, input: { filter: RatingFilter }): Promise<number> {
  authorize(canAdminister(ctx.actor!));
  return countRatings(ctx.db, input.filter);
}

/** One rating (admins). */
export async function readRating(ctx: Ctx, input: { id: number }): Promise<RatingRow> {
  authorize(canAdminister(ctx.actor!));
  const r = await getRating(ctx.db, input.id);
  if (!r) throw notFound();
  return r;
}

/** The reasons of the ratings (one query), by id. */
export async function reasonsOf(ctx: Pick<Ctx, 'db'>, rows: { reason_id: number | null }[]): Promise<Map<number, ReasonRow>> {
  const ids = [...new Set(rows.flatMap((r) => (r.reason_id === null ? [] : [r.reason_id])))];
  return new Map((await reasonsByIds(ctx.db, ids)).map((r) => [r.id, r]));
}

/** The ratings of some tickets, for the tickets' `satisfaction_rating` field (whoever may read those tickets). */
export async function readTicketRatings(ctx: Pick<Ctx, 'db'>, input: { ticketIds: number[] }): Promise<RatingRow[]> {
  return ratingsOfTickets(ctx.db, input.ticketIds);
}

/** Zendesk's reasons for a bad rating (staff: the web app shows them). */
export async function readReasons(ctx: Ctx): Promise<ReasonRow[]> {
  authorize(canWorkTickets(ctx.actor!));
  return listReasons(ctx.db);
}

/** One reason (staff). */
export async function readReason(ctx: Ctx, input: { id: number }): Promise<ReasonRow> {
  authorize(canWorkTickets(ctx.actor!));
  const r = await getReason(ctx.db, input.id);
  if (!r) throw notFound();
  return r;
}

/** A page of NPS surveys with their counts (admins). */
export async function readNpsSurveys(ctx: Ctx, input: { page: PageOpts }): Promise<{ rows: NpsSurveyRow[]; counts: SurveyCounts[] }> {
  authorize(canAdminister(ctx.actor!));
  const rows = await listSurveys(ctx.db, input.page);
  return { rows, counts: await surveyCounts(ctx.db, rows.map((r) => r.id)) };
}

export async function countNpsSurveys(ctx: Ctx): Promise<number> {
  authorize(canAdminister(ctx.actor!));
  return countSurveys(ctx.db);
}

/** One survey with its counts (admins). */
export async function readNpsSurvey(ctx: Ctx, input: { id: number }): Promise<{ row: NpsSurveyRow; counts: SurveyCounts }> {
  authorize(canAdminister(ctx.actor!));
  const row = await getSurvey(ctx.db, input.id);
  if (!row) throw notFound();
  return { row, counts: (await surveyCounts(ctx.db, [row.id]))[0]! };
}

/** A page of NPS responses, of one survey or all (admins). */
export async function readNpsResponses(ctx: Ctx, input: { surveyId?: number; page: PageOpts }): Promise<NpsResponseRow[]> {
  authorize(canAdminister(ctx.actor!));
  return listResponses(ctx.db, input.surveyId, input.page);
}

export async function countNpsResponses(ctx: Ctx, input: { surveyId?: number }): Promise<number> {
  authorize(canAdminister(ctx.actor!));
  return countResponses(ctx.db, input.surveyId);
}

/** The legacy incremental exports (/nps/incremental/responses|recipients): rows changed since a time, oldest first (admins). */
export async function readNpsIncremental<T extends 'nps_responses' | 'nps_recipients'>(
  ctx: Ctx,
  input: { table: T; since: string; limit: number },
): Promise<T extends 'nps_responses' ? NpsResponseRow[] : NpsRecipientRow[]> {
  authorize(canAdminister(ctx.actor!));
  return (await incrementalNps(ctx.db, input.table, input.since, input.limit)) as never;
}

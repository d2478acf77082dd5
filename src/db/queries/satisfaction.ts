import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, NpsRecipientsTable, NpsResponsesTable, NpsSurveysTable, SatisfactionRatingsTable, SatisfactionReasonsTable } from '../schema.ts';
import { fetchPage, type PageOpts } from './paging.ts';
import { syncTicketFacts } from './reports-facts.ts';
import type { ScoreFilter } from '../../shared/satisfaction.ts';

// Satisfaction ratings, reasons and NPS surveys (migration 2026-12-02-010, docs/satisfaction.md).
// Erased rows stay (their scores are counted); reads that show text filter nothing out,
// because an erased row's text is already blank.

export type RatingRow = Selectable<SatisfactionRatingsTable>;
export type ReasonRow = Selectable<SatisfactionReasonsTable>;
export type NpsSurveyRow = Selectable<NpsSurveysTable>;
export type NpsRecipientRow = Selectable<NpsRecipientsTable>;
export type NpsResponseRow = Selectable<NpsResponsesTable>;

/**
 * Solved tickets due for their survey: solved before `cutoff`, active, never offered one,
 * whose requester can receive mail (not suspended, deleted or erased; docs/lifecycle.md).
 */
export async function ticketsDueForSurvey(db: Kysely<Database>, cutoff: string, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('tickets')
    .innerJoin('users', 'users.id', 'tickets.requester_id')
    .leftJoin('satisfaction_ratings', 'satisfaction_ratings.ticket_id', 'tickets.id')
    .select('tickets.id')
    .where('tickets.status', '=', 'solved')
    .where('tickets.state', '=', 'active')
    .where('tickets.solved_at', '<', cutoff)
    .where('tickets.id', '>', afterId)
    .where('satisfaction_ratings.id', 'is', null)
    .where('users.suspended', '=', 0)
    .where('users.deleted_at', 'is', null)
    .where('users.erased_at', 'is', null)
    .orderBy('tickets.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function insertRating(db: Kysely<Database>, row: Insertable<SatisfactionRatingsTable>): Promise<number> {
  const r = await db.insertInto('satisfaction_ratings').values(row).returning('id').executeTakeFirstOrThrow();
  // The CSAT score is a report fact of its ticket (same transaction, docs/reports.md).
  await syncTicketFacts(db, [row.ticket_id]);
  return r.id;
}

export async function getRating(db: Kysely<Database>, id: number): Promise<RatingRow | undefined> {
  return db.selectFrom('satisfaction_ratings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function ratingOfTicket(db: Kysely<Database>, ticketId: number): Promise<RatingRow | undefined> {
  return db.selectFrom('satisfaction_ratings').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
}

export async function ratingsOfTickets(db: Kysely<Database>, ticketIds: number[]): Promise<RatingRow[]> {
  if (!ticketIds.length) return [];
  return db.selectFrom('satisfaction_ratings').selectAll().where('ticket_id', 'in', ticketIds).execute();
}

/** The rating whose live link has this secret's hash (erased rows have none). */
export async function ratingByTokenHash(db: Kysely<Database>, hash: string): Promise<RatingRow | undefined> {
  return db.selectFrom('satisfaction_ratings').selectAll().where('token_hash', '=', hash).where('erased_at', 'is', null).executeTakeFirst();
}

/** Changes a rating unless it was erased meanwhile; false when nothing changed. */
export async function updateRating(db: Kysely<Database>, id: number, set: Updateable<SatisfactionRatingsTable>): Promise<boolean> {
  const r = await db.updateTable('satisfaction_ratings').set(set).where('id', '=', id).where('erased_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1 && (set.score !== undefined || set.rated_at !== undefined)) {
    const row = await db.selectFrom('satisfaction_ratings').select('ticket_id').where('id', '=', id).executeTakeFirstOrThrow();
    await syncTicketFacts(db, [row.ticket_id]);
  }
  return Number(r.numUpdatedRows) === 1;
}

function scoreWhere<Q extends { where: any }>(q: Q, score: ScoreFilter | undefined): Q {
  if (!score) return q;
  const [base, rest] = score.split(/_(?=with)/) as [string, string | undefined];
  let out: any = q;
  if (base === 'received') out = out.where('score', 'in', ['good', 'bad']);
  else out = out.where('score', '=', base);
  if (rest === 'with_comment') out = out.where('comment', 'is not', null).where('comment', '!=', '');
  if (rest === 'without_comment') out = out.where((eb: any) => eb.or([eb('comment', 'is', null), eb('comment', '=', '')]));
  return out as Q;
}

export interface RatingFilter {
  score?: ScoreFilter;
  /** ISO times, inclusive. */
  start?: string;
  end?: string;
}

function ratingsQuery(db: Kysely<Database>, f: RatingFilter) {
  let q = db.selectFrom('satisfaction_ratings');
  q = scoreWhere(q, f.score);
  if (f.start) q = q.where('created_at', '>=', f.start);
  if (f.end) q = q.where('created_at', '<=', f.end);
  return q;
}

export async function listRatings(db: Kysely<Database>, f: RatingFilter, page: PageOpts): Promise<RatingRow[]> {
  return fetchPage(ratingsQuery(db, f).selectAll(), 'id', page);
}

export async function countRatings(db: Kysely<Database>, f: RatingFilter): Promise<number> {
  const r = await ratingsQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listReasons(db: Kysely<Database>): Promise<ReasonRow[]> {
  return db.selectFrom('satisfaction_reasons').selectAll().where('deleted', '=', 0).orderBy('id').execute();
}

export async function reasonsByIds(db: Kysely<Database>, ids: number[]): Promise<ReasonRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('satisfaction_reasons').selectAll().where('id', 'in', ids).execute();
}

export async function getReason(db: Kysely<Database>, id: number): Promise<ReasonRow | undefined> {
  return db.selectFrom('satisfaction_reasons').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function reasonByCode(db: Kysely<Database>, code: number): Promise<ReasonRow | undefined> {
  return db.selectFrom('satisfaction_reasons').selectAll().where('reason_code', '=', code).where('deleted', '=', 0).executeTakeFirst();
}

// NPS

export async function insertSurvey(db: Kysely<Database>, row: Insertable<NpsSurveysTable>): Promise<number> {
  return (await db.insertInto('nps_surveys').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getSurvey(db: Kysely<Database>, id: number): Promise<NpsSurveyRow | undefined> {
  return db.selectFrom('nps_surveys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSurveys(db: Kysely<Database>, page: PageOpts): Promise<NpsSurveyRow[]> {
  return fetchPage(db.selectFrom('nps_surveys').selectAll(), 'id', page);
}

export async function countSurveys(db: Kysely<Database>): Promise<number> {
  return Number((await db.selectFrom('nps_surveys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

/** Marks a draft sent; false when it was sent already (two admins pressing Send at once). */
export async function markSurveySent(db: Kysely<Database>, id: number, now: string): Promise<boolean> {
  const r = await db.updateTable('nps_surveys').set({ status: 'sent', sent_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface SurveyCounts {
  survey_id: number;
  recipients: number;
  responses: number;
  promoters: number;
  detractors: number;
}

/** Recipient and response counts (and the NPS parts) of some surveys. */
export async function surveyCounts(db: Kysely<Database>, ids: number[]): Promise<SurveyCounts[]> {
  if (!ids.length) return [];
  const rec = await db
    .selectFrom('nps_recipients')
    .select(['survey_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('survey_id', 'in', ids)
    .groupBy('survey_id')
    .execute();
  const res = await db
    .selectFrom('nps_responses')
    .select([
      'survey_id',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>(eb.case().when('score', '>=', 9).then(1).else(0).end()).as('p'),
      (eb) => eb.fn.sum<number>(eb.case().when('score', '<=', 6).then(1).else(0).end()).as('d'),
    ])
    .where('survey_id', 'in', ids)
    .groupBy('survey_id')
    .execute();
  return ids.map((id) => {
    const a = rec.find((r) => r.survey_id === id);
    const b = res.find((r) => r.survey_id === id);
    return { survey_id: id, recipients: Number(a?.n ?? 0), responses: Number(b?.n ?? 0), promoters: Number(b?.p ?? 0), detractors: Number(b?.d ?? 0) };
  });
}

/** Active end users who can receive mail, matching the filter, after `afterId`: ids, names and primary addresses. */
export async function matchingContacts(
  db: Kysely<Database>,
  f: { organization_id?: number; tag?: string },
  afterId: number,
  limit: number,
): Promise<{ id: number; name: string; email: string }[]> {
  let q = db
    .selectFrom('users')
    .innerJoin('identities', (j) => j.onRef('identities.user_id', '=', 'users.id').on('identities.type', '=', 'email').on('identities.released', '=', 0))
    .select(['users.id', 'users.name', (eb) => eb.fn.min('identities.value').as('email')])
    .where('users.role', '=', 'end-user')
    .where('users.suspended', '=', 0)
    .where('users.deleted_at', 'is', null)
    .where('users.erased_at', 'is', null)
    .where('users.id', '>', afterId);
  if (f.organization_id !== undefined) {
    const org = f.organization_id;
    q = q.where((eb) => eb.exists(eb.selectFrom('organization_memberships').select('id').whereRef('organization_memberships.user_id', '=', 'users.id').where('organization_memberships.organization_id', '=', org)));
  }
  if (f.tag !== undefined) {
    const tag = f.tag;
    q = q.where((eb) => eb.exists(eb.selectFrom('user_tags').select('user_id').whereRef('user_tags.user_id', '=', 'users.id').where('user_tags.tag', '=', tag)));
  }
  const rows = await q.groupBy(['users.id', 'users.name']).orderBy('users.id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, email: String(r.email) }));
}

export async function insertRecipients(db: Kysely<Database>, rows: Insertable<NpsRecipientsTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('nps_recipients').values(rows).execute();
}

export async function dueRecipients(db: Kysely<Database>, now: string, limit: number): Promise<NpsRecipientRow[]> {
  return db.selectFrom('nps_recipients').selectAll().where('status', '=', 'queued').where('next_attempt_at', '<=', now).where('erased_at', 'is', null).orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
}

/** Takes a due recipient for one attempt (moves next_attempt_at past a lease); false when another sender has it. */
export async function claimRecipient(db: Kysely<Database>, id: number, seen: string, until: string): Promise<boolean> {
  const r = await db.updateTable('nps_recipients').set({ next_attempt_at: until }).where('id', '=', id).where('status', '=', 'queued').where('next_attempt_at', '=', seen).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateRecipient(db: Kysely<Database>, id: number, set: Updateable<NpsRecipientsTable>): Promise<boolean> {
  const r = await db.updateTable('nps_recipients').set(set).where('id', '=', id).where('erased_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function recipientByTokenHash(db: Kysely<Database>, hash: string): Promise<NpsRecipientRow | undefined> {
  return db.selectFrom('nps_recipients').selectAll().where('token_hash', '=', hash).where('erased_at', 'is', null).executeTakeFirst();
}

export async function responseOfRecipient(db: Kysely<Database>, recipientId: number): Promise<NpsResponseRow | undefined> {
  return db.selectFrom('nps_responses').selectAll().where('recipient_id', '=', recipientId).executeTakeFirst();
}

export async function insertResponse(db: Kysely<Database>, row: Insertable<NpsResponsesTable>): Promise<number> {
  return (await db.insertInto('nps_responses').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateResponse(db: Kysely<Database>, id: number, set: Updateable<NpsResponsesTable>): Promise<void> {
  await db.updateTable('nps_responses').set(set).where('id', '=', id).where('erased_at', 'is', null).execute();
}

export async function listResponses(db: Kysely<Database>, surveyId: number | undefined, page: PageOpts): Promise<NpsResponseRow[]> {
  let q = db.selectFrom('nps_responses').selectAll();
  if (surveyId !== undefined) q = q.where('survey_id', '=', surveyId);
  return fetchPage(q, 'id', page);
}

export async function countResponses(db: Kysely<Database>, surveyId: number | undefined): Promise<number> {
  let q = db.selectFrom('nps_responses').select((eb) => eb.fn.countAll<number>().as('n'));
  if (surveyId !== undefined) q = q.where('survey_id', '=', surveyId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Rows changed at or after `since`, in (updated_at, id) order after the cursor: the legacy incremental exports. */
export async function incrementalNps(
  db: Kysely<Database>,
  table: 'nps_responses' | 'nps_recipients',
  since: string,
  limit: number,
): Promise<(NpsResponseRow | NpsRecipientRow)[]> {
  return db.selectFrom(table).selectAll().where('updated_at', '>=', since).orderBy('updated_at').orderBy('id').limit(limit).execute() as Promise<(NpsResponseRow | NpsRecipientRow)[]>;
}

/** Ratings and responses whose comment or name/email copies contain `needle` (case-insensitive), for the erasure request. */
export async function ratingsContaining(db: Kysely<Database>, like: (col: string) => any, limit: number): Promise<RatingRow[]> {
  return db.selectFrom('satisfaction_ratings').selectAll().where(like('comment')).where('erased_at', 'is', null).orderBy('id').limit(limit).execute();
}

/** Ratings with a comment after `afterId` (the erasure request reads them in batches). */
export async function ratingCommentsAfter(db: Kysely<Database>, afterId: number, limit: number): Promise<{ id: number; comment: string }[]> {
  const rows = await db.selectFrom('satisfaction_ratings').select(['id', 'comment']).where('id', '>', afterId).where('comment', 'is not', null).where('erased_at', 'is', null).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, comment: r.comment! }));
}

/** Responses after `afterId` with what they hold of a person: comment and the name/email copies. */
export async function responseTextsAfter(db: Kysely<Database>, afterId: number, limit: number): Promise<{ id: number; recipient_id: number; comment: string | null; user_name: string | null; user_email: string | null }[]> {
  return db.selectFrom('nps_responses').select(['id', 'recipient_id', 'comment', 'user_name', 'user_email']).where('id', '>', afterId).where('erased_at', 'is', null).orderBy('id').limit(limit).execute();
}

/** Blanks the name and email copies of a response and of its recipient row (the score stays). */
export async function scrubResponseCopies(db: Kysely<Database>, responseId: number, now: string): Promise<boolean> {
  const r = await db.selectFrom('nps_responses').select(['recipient_id']).where('id', '=', responseId).where('erased_at', 'is', null).executeTakeFirst();
  if (!r) return false;
  await db.updateTable('nps_responses').set({ user_name: null, user_email: null, updated_at: now }).where('id', '=', responseId).execute();
  await db.updateTable('nps_recipients').set({ user_name: null, user_email: null, updated_at: now }).where('id', '=', r.recipient_id).execute();
  return true;
}

/** A person's ratings after `afterId` (the personal-data export). */
export async function ratingsOfRequesterPage(db: Kysely<Database>, userId: number, afterId: number, limit: number): Promise<RatingRow[]> {
  return db.selectFrom('satisfaction_ratings').selectAll().where('requester_id', '=', userId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

/** A person's NPS answers after `afterId` (the personal-data export). */
export async function responsesOfUserPage(db: Kysely<Database>, userId: number, afterId: number, limit: number): Promise<NpsResponseRow[]> {
  return db.selectFrom('nps_responses').selectAll().where('user_id', '=', userId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

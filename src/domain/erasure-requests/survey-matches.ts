import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { markApplied } from '../../db/queries/erasure-requests.ts';
import { ratingCommentsAfter, responseTextsAfter, scrubResponseCopies } from '../../db/queries/satisfaction.ts';
import { redactSurveyPatternInTransaction } from '../redaction/redact-survey-comment.ts';
import type { RecordApply } from './apply-places.ts';
import type { Place, PlaceReader } from './record-places.ts';

// Survey answers in an erasure request (docs/satisfaction.md "Erasure requests"): the terms
// in CSAT comments, in NPS comments and in the name and email copies NPS responses keep
// (copies are what a join-based search misses). Proposed: redact (▇) the term in a comment;
// blank the copies of a response (and of its recipient row). The scores stay. No index holds
// these texts: they are read in id batches and confirmed in memory, like drafts.

const ROWS = 500;

/** CSAT comments after `cursor` (a rating id). */
export const readCsatPlaces: PlaceReader = async (db, _scope, cursor) => {
  const rows = await ratingCommentsAfter(db, cursor, ROWS);
  const places: Place[] = rows.map((r) => ({ location: 'csat', source_id: r.id, field: 'comment', texts: [r.comment] }));
  return { places, next: rows.length === ROWS ? rows[rows.length - 1]!.id : null };
};

/** NPS responses after `cursor` (a response id): the comment, and the copies, as two places. */
export const readNpsPlaces: PlaceReader = async (db, _scope, cursor) => {
  const rows = await responseTextsAfter(db, cursor, ROWS);
  const places: Place[] = [];
  for (const r of rows) {
    if (r.comment) places.push({ location: 'nps', source_id: r.id, field: 'comment', texts: [r.comment] });
    const copies = [r.user_name, r.user_email].filter((x): x is string => !!x);
    if (copies.length) places.push({ location: 'nps', source_id: r.id, field: 'copies', texts: copies });
  }
  return { places, next: rows.length === ROWS ? rows[rows.length - 1]!.id : null };
};

/** Carries out confirmed survey matches: the term redacted in the comment, or the copies blanked. */
export async function applySurveyMatches(ctx: Ctx, trx: Kysely<Database>, a: RecordApply): Promise<void> {
  for (const m of a.matches) {
    if (m.proposed_action === 'scrub_survey_copies') {
      await markApplied(trx, [m.id], (await scrubResponseCopies(trx, m.source_id, a.now)) ? 'scrub_survey_copies' : 'gone', a.now);
      continue;
    }
    const pattern = m.term_id !== null ? a.patterns.get(m.term_id) : undefined;
    const table = m.location === 'csat' ? 'satisfaction_ratings' : 'nps_responses';
    const exists = await trx.selectFrom(table).select('id').where('id', '=', m.source_id).executeTakeFirst();
    const n = pattern && exists ? await redactSurveyPatternInTransaction(ctx, trx, { table, id: m.source_id, pattern, erasureRequestId: a.r.id }) : 0;
    await markApplied(trx, [m.id], n ? 'redact_survey' : 'gone', a.now);
  }
}

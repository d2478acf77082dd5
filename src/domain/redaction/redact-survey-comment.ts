import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { invalidField, notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canRedact } from '../policy.ts';
import { checkpointAfter } from './common.ts';
import { countMatches, redactionPattern, redactPlain } from './text-match.ts';

// String redaction in survey comments (docs/satisfaction.md "Redaction"): every character of
// each occurrence becomes ▇ in a CSAT rating's comment or an NPS response's comment, as in a
// ticket comment (docs/redaction.md). The score stays. A survey comment lives in its own row,
// so it can be redacted whatever the ticket's status: it is how a name in a closed ticket's
// rating goes without deleting the ticket. The audit event holds ids and a count, never text.

export type SurveyTable = 'satisfaction_ratings' | 'nps_responses';

/** Redacts `pattern` in one survey comment inside the caller's transaction; the number of occurrences. */
export async function redactSurveyPatternInTransaction(
  ctx: Ctx,
  trx: Kysely<Database>,
  input: { table: SurveyTable; id: number; pattern: RegExp; erasureRequestId?: number },
): Promise<number> {
  const row = await trx.selectFrom(input.table).select(['id', 'comment', 'erased_at']).where('id', '=', input.id).executeTakeFirst();
  if (!row) throw notFound();
  if (!row.comment || row.erased_at) return 0;
  const r = redactPlain(row.comment, input.pattern);
  if (r.occurrences === 0) return 0;
  await trx.updateTable(input.table).set({ comment: r.text, updated_at: ctx.now().toISOString() }).where('id', '=', input.id).execute();
  await recordEvent(ctx, trx, {
    action: 'survey_comment.redacted',
    subjectType: input.table === 'satisfaction_ratings' ? 'satisfaction_rating' : 'nps_response',
    subjectId: input.id,
    details: { occurrences: r.occurrences, characters: r.characters, ...(input.erasureRequestId ? { erasure_request_id: input.erasureRequestId } : {}) },
  });
  return r.occurrences;
}

/** PUT /satisfaction_ratings/{id}/redact and /nps_responses/{id}/redact: the text given, wherever it appears in the comment. */
export async function redactSurveyComment(ctx: Ctx, input: { table: SurveyTable; id: number; text: string }): Promise<{ occurrences: number }> {
  authorize(canRedact(ctx.actor!));
  const pattern = redactionPattern([input.text]);
  if (!pattern) throw invalidField('text', 'Text: give the words to redact.');
  const occurrences = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom(input.table).select(['comment']).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound();
    if (!row.comment || countMatches(row.comment, pattern) === 0) throw invalidField('text', 'Text: not found in this comment.');
    return redactSurveyPatternInTransaction(ctx, trx, { ...input, pattern });
  });
  await checkpointAfter(ctx, 'survey_comment.redacted', { id: input.id });
  return { occurrences };
}

import type { Ctx } from '../../context.ts';
import { getSurvey, insertSurvey, type NpsSurveyRow } from '../../db/queries/satisfaction.ts';
import type { NpsSurveyCreate } from '../../shared/satisfaction.ts';
import { recordEvent } from '../events.ts';
import { authorize, canAdminister } from '../policy.ts';

/** Creates a draft NPS survey (admins): a name, the question, and which contacts receive it. */
export async function createNpsSurvey(ctx: Ctx, input: NpsSurveyCreate): Promise<NpsSurveyRow> {
  authorize(canAdminister(ctx.actor!));
  const now = ctx.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertSurvey(trx, {
      name: input.name,
      question: input.question,
      filter: JSON.stringify(input.recipients),
      status: 'draft',
      created_by_id: ctx.actor!.id > 0 ? ctx.actor!.id : null,
      sent_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(ctx, trx, { action: 'nps_survey.created', subjectType: 'nps_survey', subjectId: id, details: { filter: Object.keys(input.recipients) } });
    return id;
  });
  return (await getSurvey(ctx.db, id))!;
}

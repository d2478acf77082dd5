import type { Ctx } from '../../context.ts';
import { getSurvey, insertRecipients, markSurveySent, matchingContacts, type NpsSurveyRow } from '../../db/queries/satisfaction.ts';
import { AppError, notFound } from '../../errors.ts';
import { NpsFilterSchema } from '../../shared/satisfaction.ts';
import { recordEvent } from '../events.ts';
import { authorize, canAdminister } from '../policy.ts';

// Sending an NPS survey (docs/satisfaction.md "NPS"): the contacts matching its filter when the
// admin presses Send become its recipients, each a row of the survey's own outbox (the
// recipient table; src/mail/nps-outbox.ts sends them after commit). Their name and address are
// copied, as Zendesk's recipients export has them; the erasure map blanks the copies. A
// survey is sent once: a second Send is refused.

const BATCH = 500;

/** Sends a draft survey to the contacts matching its filter (admins). */
export async function sendNpsSurvey(ctx: Ctx, input: { surveyId: number }): Promise<{ survey: NpsSurveyRow; recipients: number }> {
  authorize(canAdminister(ctx.actor!));
  const now = ctx.now().toISOString();
  const recipients = await ctx.db.transaction().execute(async (trx) => {
    const s = await getSurvey(trx, input.surveyId);
    if (!s) throw notFound();
    if (!(await markSurveySent(trx, s.id, now))) throw new AppError('record_invalid', 'This survey was sent already; create a new survey to ask again.');
    const filter = NpsFilterSchema.parse(JSON.parse(s.filter));
    let n = 0;
    for (let after = 0; ; ) {
      const people = await matchingContacts(trx, filter, after, BATCH);
      await insertRecipients(
        trx,
        people.map((p) => ({
          survey_id: s.id,
          user_id: p.id,
          user_name: p.name,
          user_email: p.email,
          status: 'queued' as const,
          attempts: 0,
          next_attempt_at: now,
          last_error_code: null,
          sent_at: null,
          token_hash: null,
          token_expires_at: null,
          created_at: now,
          updated_at: now,
          erased_at: null,
        })),
      );
      n += people.length;
      if (people.length < BATCH) break;
      after = people[people.length - 1]!.id;
    }
    await recordEvent(ctx, trx, { action: 'nps_survey.sent', subjectType: 'nps_survey', subjectId: s.id, details: { recipients: n } });
    return n;
  });
  ctx.mailQueued?.();
  return { survey: (await getSurvey(ctx.db, input.surveyId))!, recipients };
}

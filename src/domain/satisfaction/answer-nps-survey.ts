import type { Ctx } from '../../context.ts';
import { getSurvey, insertResponse, recipientByTokenHash, responseOfRecipient, updateResponse, type NpsRecipientRow, type NpsResponseRow, type NpsSurveyRow } from '../../db/queries/satisfaction.ts';
import { getUser } from '../../db/queries/users.ts';
import { AppError, invalidField } from '../../errors.ts';
import type { NpsAnswer } from '../../shared/satisfaction.ts';
import { unstorableText } from '../../shared/text.ts';
import { recordEvent } from '../events.ts';
import { LINK_PROBLEMS } from './rate-ticket.ts';
import { linkHash } from './survey-links.ts';

// Answering an NPS survey from the link in its mail (no sign-in; the link's secret is the
// credential). One response per recipient; answering again changes it while the link works.
// The response keeps the name and email copies Zendesk's export has (docs/satisfaction.md).

/** The recipient a link names, its survey and response, or why the link cannot be used. */
export async function npsOfLink(
  ctx: Pick<Ctx, 'db' | 'now'>,
  { token }: { token: string },
): Promise<{ recipient: NpsRecipientRow; survey: NpsSurveyRow; response: NpsResponseRow | undefined; problem: 'expired' | null } | null> {
  const recipient = await recipientByTokenHash(ctx.db, linkHash(token));
  if (!recipient) return null;
  const survey = (await getSurvey(ctx.db, recipient.survey_id))!;
  const response = await responseOfRecipient(ctx.db, recipient.id);
  const expired = !recipient.token_expires_at || recipient.token_expires_at <= ctx.now().toISOString();
  return { recipient, survey, response, problem: expired ? 'expired' : null };
}

/** Records (or changes) the recipient's score and comment. */
export async function answerNpsSurvey(ctx: Ctx, input: { token: string; answer: NpsAnswer }): Promise<NpsResponseRow> {
  const found = await npsOfLink(ctx, { token: input.token });
  if (!found) throw new AppError('not_found', LINK_PROBLEMS.unknown);
  if (found.problem) throw new AppError('record_invalid', LINK_PROBLEMS.expired);
  const comment = (input.answer.comment ?? '').trim() || null;
  if (comment && unstorableText(comment)) throw invalidField('comment', 'Comment: this text cannot be stored.');
  const now = ctx.now().toISOString();
  const r = found.recipient;
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await responseOfRecipient(trx, r.id);
    let id: number;
    if (existing) {
      id = existing.id;
      await updateResponse(trx, id, { score: input.answer.rating, comment, updated_at: now });
    } else {
      const user = await getUser(trx, r.user_id);
      id = await insertResponse(trx, {
        survey_id: r.survey_id,
        recipient_id: r.id,
        user_id: r.user_id,
        user_name: user?.name ?? r.user_name,
        user_email: r.user_email,
        score: input.answer.rating,
        comment,
        created_at: now,
        updated_at: now,
        erased_at: null,
      });
    }
    await recordEvent(ctx, trx, { action: 'nps_response.answered', subjectType: 'nps_survey', subjectId: r.survey_id, details: { nps_response_id: id, rating: input.answer.rating, with_comment: !!comment } });
  });
  return (await responseOfRecipient(ctx.db, r.id))!;
}

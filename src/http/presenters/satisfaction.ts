import type { FastifyRequest } from 'fastify';
import type { NpsRecipientRow, NpsResponseRow, NpsSurveyRow, RatingRow, ReasonRow, SurveyCounts } from '../../domain/satisfaction/read-satisfaction.ts';
import { NpsFilterSchema, type NpsRecipient, type NpsResponse, type NpsSurvey, type SatisfactionRating, type SatisfactionReason } from '../../shared/satisfaction.ts';
import { apiBase, ts } from './common.ts';

// Zendesk's satisfaction_rating and satisfaction_reason objects; NPS surveys (Oubli), and
// responses and recipients in the shapes of Zendesk's NPS exports (docs/satisfaction.md).

export function presentRating(req: FastifyRequest, r: RatingRow, reasons: Map<number, ReasonRow>): SatisfactionRating {
  const reason = r.reason_id !== null ? reasons.get(r.reason_id) : undefined;
  return {
    id: r.id,
    url: `${apiBase(req)}/satisfaction_ratings/${r.id}.json`,
    ticket_id: r.ticket_id,
    requester_id: r.requester_id,
    assignee_id: r.assignee_id,
    group_id: r.group_id,
    score: r.score,
    comment: r.comment,
    reason: reason?.value ?? null,
    reason_code: reason?.reason_code ?? null,
    reason_id: r.reason_id,
    created_at: ts(r.created_at),
    updated_at: ts(r.updated_at),
  };
}

export function presentReason(req: FastifyRequest, r: ReasonRow): SatisfactionReason {
  return {
    id: r.id,
    url: `${apiBase(req)}/satisfaction_reasons/${r.id}.json`,
    reason_code: r.reason_code,
    value: r.value,
    raw_value: r.value,
    deleted: !!r.deleted,
    created_at: ts(r.created_at),
    updated_at: ts(r.updated_at),
  };
}

export function presentSurvey(req: FastifyRequest, s: NpsSurveyRow, c: SurveyCounts | undefined): NpsSurvey {
  const responses = c?.responses ?? 0;
  return {
    id: s.id,
    url: `${apiBase(req)}/nps/surveys/${s.id}.json`,
    name: s.name,
    question: s.question,
    recipients: NpsFilterSchema.parse(JSON.parse(s.filter)),
    status: s.status,
    sent_at: ts(s.sent_at),
    recipients_count: c?.recipients ?? 0,
    responses_count: responses,
    nps: responses ? Math.round(((c!.promoters - c!.detractors) / responses) * 100) : null,
    created_at: ts(s.created_at),
    updated_at: ts(s.updated_at),
  };
}

export function presentResponse(r: NpsResponseRow): NpsResponse {
  return {
    id: r.id,
    survey_id: r.survey_id,
    recipient_id: r.recipient_id,
    user_id: r.user_id,
    user_name: r.user_name,
    user_email: r.user_email,
    rating: r.score,
    comment: r.comment,
    created_at: ts(r.created_at),
    updated_at: ts(r.updated_at),
  };
}

export function presentRecipient(r: NpsRecipientRow): NpsRecipient {
  return {
    id: r.id,
    survey_id: r.survey_id,
    user_id: r.user_id,
    name: r.user_name,
    email: r.user_email,
    delivered_at: ts(r.sent_at),
    status: r.status,
    created_at: ts(r.created_at),
    updated_at: ts(r.updated_at),
  };
}

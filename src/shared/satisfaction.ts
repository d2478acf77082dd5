import { z } from 'zod';
import { TimestampSchema } from './envelopes.ts';
import { oneOfParam, optionalParam } from './query.ts';

// Satisfaction (docs/satisfaction.md): CSAT ratings in Zendesk's shapes, and NPS surveys
// (Oubli's admin API, Zendesk's response and recipient shapes), shared with the web app.

export const SATISFACTION_SCORES = ['offered', 'unoffered', 'good', 'bad'] as const;
export const SatisfactionScoreSchema = z.enum(SATISFACTION_SCORES);

/** Zendesk's `score=` filters of GET /satisfaction_ratings: an unqualified score includes both with and without comment. */
export const SCORE_FILTERS = [
  'offered',
  'unoffered',
  'received',
  'received_with_comment',
  'received_without_comment',
  'good',
  'good_with_comment',
  'good_without_comment',
  'bad',
  'bad_with_comment',
  'bad_without_comment',
] as const;
export type ScoreFilter = (typeof SCORE_FILTERS)[number];

const unixTime = optionalParam(z.string().regex(/^\d{1,11}$/, 'must be a Unix time in seconds').transform(Number));
export const SatisfactionListQuerySchema = z.object({
  score: oneOfParam(SCORE_FILTERS),
  start_time: unixTime,
  end_time: unixTime,
});
export type SatisfactionListQuery = z.output<typeof SatisfactionListQuerySchema>;

/** Zendesk's satisfaction_rating object. */
export const SatisfactionRatingSchema = z.object({
  id: z.number(),
  url: z.string(),
  ticket_id: z.number(),
  requester_id: z.number(),
  assignee_id: z.number().nullable(),
  group_id: z.number().nullable(),
  score: SatisfactionScoreSchema,
  comment: z.string().nullable(),
  reason: z.string().nullable(),
  reason_code: z.number().nullable(),
  reason_id: z.number().nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type SatisfactionRating = z.infer<typeof SatisfactionRatingSchema>;

/** The ticket's `satisfaction_rating` field (Zendesk: score, comment, id; null when never offered). */
export const TicketSatisfactionSchema = z
  .object({ id: z.number(), score: SatisfactionScoreSchema, comment: z.string().nullable(), reason: z.string().nullable() })
  .nullable();

export const SatisfactionReasonSchema = z.object({
  id: z.number(),
  url: z.string(),
  reason_code: z.number(),
  value: z.string(),
  raw_value: z.string(),
  deleted: z.boolean(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type SatisfactionReason = z.infer<typeof SatisfactionReasonSchema>;

export const COMMENT_MAX = 5000;

/** POST /tickets/{id}/satisfaction_rating (the requester) and the survey page's form. */
export const RatingInputSchema = z
  .object({
    score: z.enum(['good', 'bad'], { error: 'must be good or bad' }),
    comment: z.string().max(COMMENT_MAX).optional(),
    reason_code: z.number().int().optional(),
  })
  .strict();
export type RatingInput = z.infer<typeof RatingInputSchema>;

// NPS

/** Which contacts receive a survey: active end users with an email, narrowed by organization or tag. */
export const NpsFilterSchema = z
  .object({
    organization_id: z.number().int().positive().optional(),
    tag: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type NpsFilter = z.infer<typeof NpsFilterSchema>;

export const NpsSurveyCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    question: z.string().trim().min(1, 'must not be empty').max(500).default('How likely are you to recommend us to a friend or colleague?'),
    recipients: NpsFilterSchema.default({}),
  })
  .strict();
export type NpsSurveyCreate = z.infer<typeof NpsSurveyCreateSchema>;

export const NpsSurveySchema = z.object({
  id: z.number(),
  url: z.string(),
  name: z.string(),
  question: z.string(),
  recipients: NpsFilterSchema,
  status: z.enum(['draft', 'sent']),
  sent_at: TimestampSchema.nullable(),
  recipients_count: z.number(),
  responses_count: z.number(),
  /** (promoters − detractors) / responses × 100, rounded; null without responses. */
  nps: z.number().nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type NpsSurvey = z.infer<typeof NpsSurveySchema>;

/** A response, with the name and email copies Zendesk kept (blank once the person is erased). */
export const NpsResponseSchema = z.object({
  id: z.number(),
  survey_id: z.number(),
  recipient_id: z.number(),
  user_id: z.number(),
  user_name: z.string().nullable(),
  user_email: z.string().nullable(),
  rating: z.number(),
  comment: z.string().nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type NpsResponse = z.infer<typeof NpsResponseSchema>;

export const NpsRecipientSchema = z.object({
  id: z.number(),
  survey_id: z.number(),
  user_id: z.number(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  delivered_at: TimestampSchema.nullable(),
  status: z.enum(['queued', 'sent', 'skipped', 'failed']),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type NpsRecipient = z.infer<typeof NpsRecipientSchema>;

export const NpsAnswerSchema = z.object({ rating: z.number().int().min(0).max(10), comment: z.string().max(COMMENT_MAX).optional() }).strict();
export type NpsAnswer = z.infer<typeof NpsAnswerSchema>;

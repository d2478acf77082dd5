import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createNpsSurvey } from '../../domain/satisfaction/create-nps-survey.ts';
import { rateAsRequester } from '../../domain/satisfaction/rate-ticket.ts';
import {
  countNpsResponses,
  countNpsSurveys,
  countSatisfactionRatings,
  readNpsIncremental,
  readNpsResponses,
  readNpsSurvey,
  readNpsSurveys,
  readRating,
  readRatings,
  readReason,
  readReasons,
  reasonsOf,
} from '../../domain/satisfaction/read-satisfaction.ts';
import { sendNpsSurvey } from '../../domain/satisfaction/send-nps-survey.ts';
import { redactSurveyComment } from '../../domain/redaction/redact-survey-comment.ts';
import type { RatingFilter } from '../../domain/satisfaction/read-satisfaction.ts';
import { NpsSurveyCreateSchema, RatingInputSchema, SatisfactionListQuerySchema } from '../../shared/satisfaction.ts';
import { optionalIdParam, wholeParam } from '../../shared/query.ts';
import { idParam, optionalObject, parseRoot } from '../body.ts';
import { zodToAppError } from '../errors.ts';
import { paginate } from '../pagination.ts';
import { parseQuery } from '../query.ts';
import { apiBase } from '../presenters/common.ts';
import { presentRating, presentReason, presentRecipient, presentResponse, presentSurvey } from '../presenters/satisfaction.ts';

// Satisfaction (docs/satisfaction.md, docs/api.md): Zendesk's satisfaction_ratings and
// satisfaction_reasons, the requester's POST /tickets/{id}/satisfaction_rating, string
// redaction of survey comments, and NPS: Oubli's survey API (/nps/surveys), the responses
// list and Zendesk's legacy incremental exports of responses and recipients.

type IdParams = { Params: { id: string } };

const RedactSchema = z.object({ text: z.string().max(10_000, 'at most 10000 characters') }).strict();
const ResponsesQuery = z.object({ survey_id: optionalIdParam() });
const IncrementalQuery = z.object({
  start_time: z.string({ error: 'Give start_time: a Unix time in seconds.' }).regex(/^\d{1,11}$/, 'must be a Unix time in seconds').transform(Number),
  per_page: wholeParam(1, 1000),
});

function ratingFilter(req: FastifyRequest): RatingFilter {
  const q = parseQuery(SatisfactionListQuerySchema.passthrough(), req.query);
  const iso = (s: number | undefined) => (s === undefined ? undefined : new Date(s * 1000).toISOString());
  return { score: q.score, start: iso(q.start_time), end: iso(q.end_time) };
}

function bodyOf<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(optionalObject(raw));
  if (!parsed.success) throw zodToAppError(parsed.error);
  return parsed.data;
}

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/satisfaction_ratings', async (req) => {
    const filter = ratingFilter(req);
    return paginate(req, 'satisfaction_ratings', { fetch: (page) => readRatings(req.ctx, { filter, page }), count: () => countSatisfactionRatings(req.ctx, { filter }) }, async (rows) => {
      const reasons = await reasonsOf(req.ctx, rows);
      return rows.map((r) => presentRating(req, r, reasons));
    });
  });
  app.get('/satisfaction_ratings/count', async (req) => {
    const n = await countSatisfactionRatings(req.ctx, { filter: ratingFilter(req) });
    return { count: { value: n, refreshed_at: new Date(req.ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') } };
  });
  app.get<IdParams>('/satisfaction_ratings/:id', async (req) => {
    const r = await readRating(req.ctx, { id: idParam(req.params.id) });
    return { satisfaction_rating: presentRating(req, r, await reasonsOf(req.ctx, [r])) };
  });
  app.put<IdParams>('/satisfaction_ratings/:id/redact', async (req) => {
    const id = idParam(req.params.id);
    const { text } = bodyOf(RedactSchema, req.body);
    // Agents with the delete-tickets permission redact; only admins read ratings: ids and a count back.
    const r = await redactSurveyComment(req.ctx, { table: 'satisfaction_ratings', id, text });
    return { redaction: { satisfaction_rating_id: id, occurrences: r.occurrences } };
  });
  // The ticket's requester rates it (Zendesk: "Allowed for end users"); staff get 404 like anyone else.
  app.post<IdParams>('/tickets/:id/satisfaction_rating', { config: { access: 'public' } }, async (req, reply) => {
    const ticketId = idParam(req.params.id);
    const input = parseRoot(RatingInputSchema, 'satisfaction_rating', req.body);
    const r = await rateAsRequester(req.ctx, { ticketId, rating: input });
    reply.status(200);
    return { satisfaction_rating: presentRating(req, r, await reasonsOf(req.ctx, [r])) };
  });
  app.get('/satisfaction_reasons', async (req) => {
    const rows = await readReasons(req.ctx);
    return { reasons: rows.map((r) => presentReason(req, r)), next_page: null, previous_page: null, count: rows.length };
  });
  app.get<IdParams>('/satisfaction_reasons/:id', async (req) => ({ reason: presentReason(req, await readReason(req.ctx, { id: idParam(req.params.id) })) }));

  // NPS surveys (Oubli's extension: Zendesk never had a public API to create them).
  app.get('/nps/surveys', async (req) =>
    paginate(
      req,
      'surveys',
      {
        async fetch(page) {
          const r = await readNpsSurveys(req.ctx, { page });
          return r.rows.map((row) => ({ id: row.id, row, counts: r.counts.find((c) => c.survey_id === row.id) }));
        },
        count: () => countNpsSurveys(req.ctx),
      },
      (rows) => rows.map((x) => presentSurvey(req, x.row, x.counts)),
    ),
  );
  app.post('/nps/surveys', async (req, reply) => {
    const input = parseRoot(NpsSurveyCreateSchema, 'survey', req.body);
    const s = await createNpsSurvey(req.ctx, input);
    reply.status(201);
    return { survey: presentSurvey(req, s, undefined) };
  });
  app.get<IdParams>('/nps/surveys/:id', async (req) => {
    const r = await readNpsSurvey(req.ctx, { id: idParam(req.params.id) });
    return { survey: presentSurvey(req, r.row, r.counts) };
  });
  app.post<IdParams>('/nps/surveys/:id/send', async (req) => {
    const id = idParam(req.params.id);
    await sendNpsSurvey(req.ctx, { surveyId: id });
    const r = await readNpsSurvey(req.ctx, { id });
    return { survey: presentSurvey(req, r.row, r.counts) };
  });

  app.get('/nps_responses', async (req) => {
    const q = parseQuery(ResponsesQuery.passthrough(), req.query);
    return paginate(req, 'responses', { fetch: (page) => readNpsResponses(req.ctx, { surveyId: q.survey_id, page }), count: () => countNpsResponses(req.ctx, { surveyId: q.survey_id }) }, (rows) =>
      rows.map(presentResponse),
    );
  });
  app.put<IdParams>('/nps_responses/:id/redact', async (req) => {
    const id = idParam(req.params.id);
    const { text } = bodyOf(RedactSchema, req.body);
    const r = await redactSurveyComment(req.ctx, { table: 'nps_responses', id, text });
    return { redaction: { nps_response_id: id, occurrences: r.occurrences } };
  });

  // Zendesk's legacy NPS incremental exports, for old export scripts: oldest change first.
  for (const [path, table, key] of [
    ['/nps/incremental/responses', 'nps_responses', 'responses'],
    ['/nps/incremental/recipients', 'nps_recipients', 'recipients'],
  ] as const) {
    app.get(path, async (req) => {
      const q = parseQuery(IncrementalQuery, req.query);
      const limit = q.per_page ?? 1000;
      const rows = await readNpsIncremental(req.ctx, { table, since: new Date(q.start_time * 1000).toISOString(), limit });
      const last = rows[rows.length - 1];
      const end = last ? Math.floor(Date.parse(last.updated_at) / 1000) : q.start_time;
      const items = table === 'nps_responses' ? rows.map((r) => presentResponse(r as never)) : rows.map((r) => presentRecipient(r as never));
      return {
        [key]: items,
        count: items.length,
        end_time: end,
        next_page: rows.length === limit ? `${apiBase(req)}${path}.json?start_time=${end + (end === q.start_time ? 1 : 0)}` : null,
      };
    });
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { answerNpsSurvey, npsOfLink } from '../domain/satisfaction/answer-nps-survey.ts';
import { LINK_PROBLEMS, rateByLink, ratingOfLink, readLinkReasons } from '../domain/satisfaction/rate-ticket.ts';

import { AppError } from '../errors.ts';
import { COMMENT_MAX } from '../shared/satisfaction.ts';

// The survey pages a requester reaches from a survey mail (docs/satisfaction.md "Pages"):
// server-rendered HTML, no sign-in, no JavaScript (a plain form POST). The secret in the path
// is the credential, so a forged cross-site form cannot know it; on top of that a POST whose
// Origin names another site is refused. The secret never reaches a log (the request log keeps
// the route's pattern, src/logging.ts), a cache (no-store) or another site (Referrer-Policy same-origin: no Referer leaves the site, and the form's own POST still carries its Origin).

type TokenParams = { Params: { token: string }; Querystring: Record<string, string> };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'same-origin')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${esc(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}` +
        `fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0}textarea{width:100%;min-height:6rem}button{font-size:1rem;padding:.5rem 1rem}` +
        `.scale label{display:inline-block;margin:.2rem .4rem}[role=alert]{color:#a00}[role=status]{color:#070}</style></head>` +
        `<body><main><h1>${esc(title)}</h1>${body}</main></body></html>`,
    );
}

function problemPage(reply: FastifyReply, status: number, message: string): FastifyReply {
  return page(reply, status, 'Survey', `<p role="alert">${esc(message)}</p>`);
}

/** A form posted from another site (a forged form) is refused; browsers send Origin on every POST. */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin !== 'null';
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function formOf(body: unknown): URLSearchParams {
  if (Buffer.isBuffer(body)) return new URLSearchParams(body.toString('utf8'));
  if (body && typeof body === 'object') return new URLSearchParams(Object.entries(body as Record<string, string>).map(([k, v]) => [k, String(v)]));
  return new URLSearchParams();
}

const RatingForm = z.object({
  score: z.enum(['good', 'bad'], { error: 'Choose Good or Bad.' }),
  comment: z.string().max(COMMENT_MAX, `Keep the comment under ${COMMENT_MAX} characters.`).optional(),
  reason_code: z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number)
    .optional(),
});
const NpsForm = z.object({
  rating: z
    .string({ error: 'Choose a number from 0 to 10.' })
    .regex(/^(10|[0-9])$/, 'Choose a number from 0 to 10.')
    .transform(Number),
  comment: z.string().max(COMMENT_MAX, `Keep the comment under ${COMMENT_MAX} characters.`).optional(),
});

/** GET/POST /satisfaction/:token and /nps/:token. */
export default async function surveyPages(app: FastifyInstance): Promise<void> {
  const ratingPage = async (req: FastifyRequest<TokenParams>, reply: FastifyReply, note: { ok?: string; error?: string } = {}, status = 200) => {
    const found = await ratingOfLink(req.ctx, { token: req.params.token });
    if (!found) return problemPage(reply, 404, LINK_PROBLEMS.unknown);
    if (found.problem) return problemPage(reply, 410, LINK_PROBLEMS[found.problem]);
    const r = found.rating;
    const chosen = (req.query.score === 'good' || req.query.score === 'bad' ? req.query.score : r.score) as string;
    const reasons = await readLinkReasons(req.ctx);
    const reasonId = r.reason_id;
    const radio = (v: string, label: string) => `<label><input type="radio" name="score" value="${v}"${chosen === v ? ' checked' : ''} required> ${label}</label><br>`;
    const body =
      (note.ok ? `<p role="status">${esc(note.ok)}</p>` : '') +
      (note.error ? `<p role="alert">${esc(note.error)}</p>` : '') +
      `<p>How would you rate the support you received on request #${r.ticket_id}?</p>` +
      `<form method="post" action="">` +
      `<fieldset><legend>Your rating</legend>${radio('good', 'Good, I’m satisfied')}${radio('bad', 'Bad, I’m unsatisfied')}</fieldset>` +
      `<p><label for="reason">If bad, why?</label><br><select id="reason" name="reason_code">` +
      reasons.map((x) => `<option value="${x.reason_code}"${x.id === reasonId ? ' selected' : ''}>${esc(x.value)}</option>`).join('') +
      `</select></p>` +
      `<p><label for="comment">Comment (optional)</label><br><textarea id="comment" name="comment" maxlength="${COMMENT_MAX}">${esc(r.comment ?? '')}</textarea></p>` +
      `<p><button type="submit">Submit rating</button></p></form>` +
      `<p><small>You can change your rating while the request is solved.</small></p>`;
    return page(reply, status, 'Rate your support', body);
  };

  app.get<TokenParams>('/satisfaction/:token', (req, reply) => ratingPage(req, reply));
  app.post<TokenParams>('/satisfaction/:token', async (req, reply) => {
    if (!sameOrigin(req)) return problemPage(reply, 403, 'This form can only be sent from its own page.');
    const found = await ratingOfLink(req.ctx, { token: req.params.token });
    if (!found) return problemPage(reply, 404, LINK_PROBLEMS.unknown);
    if (found.problem) return problemPage(reply, 410, LINK_PROBLEMS[found.problem]);
    const parsed = RatingForm.safeParse(Object.fromEntries(formOf(req.body)));
    if (!parsed.success) return ratingPage(req, reply, { error: parsed.error.issues[0]!.message }, 422);
    const { score, comment, reason_code } = parsed.data;
    try {
      await rateByLink(req.ctx, { token: req.params.token, rating: { score, ...(comment !== undefined ? { comment } : {}), ...(score === 'bad' && reason_code !== undefined ? { reason_code } : {}) } });
    } catch (err) {
      if (err instanceof AppError) return problemPage(reply, err.code === 'not_found' ? 404 : 422, err.message);
      throw err;
    }
    req.query.score = score;
    return ratingPage(req, reply, { ok: 'Thank you: your rating was saved.' });
  });

  const npsPage = async (req: FastifyRequest<TokenParams>, reply: FastifyReply, note: { ok?: string; error?: string } = {}, status = 200) => {
    const found = await npsOfLink(req.ctx, { token: req.params.token });
    if (!found) return problemPage(reply, 404, LINK_PROBLEMS.unknown);
    if (found.problem) return problemPage(reply, 410, LINK_PROBLEMS.expired);
    const q = req.query.rating;
    const chosen = q !== undefined && /^(10|[0-9])$/.test(q) ? Number(q) : found.response?.score;
    const scale = Array.from({ length: 11 }, (_, i) => `<label><input type="radio" name="rating" value="${i}"${chosen === i ? ' checked' : ''} required> ${i}</label>`).join('');
    const body =
      (note.ok ? `<p role="status">${esc(note.ok)}</p>` : '') +
      (note.error ? `<p role="alert">${esc(note.error)}</p>` : '') +
      `<form method="post" action=""><fieldset class="scale"><legend>${esc(found.survey.question)}</legend>${scale}` +
      `<p><small>0 = not at all likely, 10 = extremely likely</small></p></fieldset>` +
      `<p><label for="comment">What is the main reason for your score? (optional)</label><br><textarea id="comment" name="comment" maxlength="${COMMENT_MAX}">${esc(found.response?.comment ?? '')}</textarea></p>` +
      `<p><button type="submit">Send</button></p></form>`;
    return page(reply, status, found.survey.name, body);
  };

  app.get<TokenParams>('/nps/:token', (req, reply) => npsPage(req, reply));
  app.post<TokenParams>('/nps/:token', async (req, reply) => {
    if (!sameOrigin(req)) return problemPage(reply, 403, 'This form can only be sent from its own page.');
    const found = await npsOfLink(req.ctx, { token: req.params.token });
    if (!found) return problemPage(reply, 404, LINK_PROBLEMS.unknown);
    if (found.problem) return problemPage(reply, 410, LINK_PROBLEMS.expired);
    const parsed = NpsForm.safeParse(Object.fromEntries(formOf(req.body)));
    if (!parsed.success) return npsPage(req, reply, { error: parsed.error.issues[0]!.message }, 422);
    try {
      await answerNpsSurvey(req.ctx, { token: req.params.token, answer: { rating: parsed.data.rating, ...(parsed.data.comment !== undefined ? { comment: parsed.data.comment } : {}) } });
    } catch (err) {
      if (err instanceof AppError) return problemPage(reply, err.code === 'not_found' ? 404 : 422, err.message);
      throw err;
    }
    req.query.rating = String(parsed.data.rating);
    return npsPage(req, reply, { ok: 'Thank you: your answer was saved.' });
  });
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError, RateLimitedError, type ErrorCode } from '../errors.ts';
import { isBusy } from '../db/errors.ts';

// The one place errors become HTTP answers, in the bodies Zendesk clients expect (docs/api.md, "Conventions").

const BODY: Record<ErrorCode, (e: AppError) => object> = {
  invalid_request: (e) => ({ error: 'InvalidRequest', description: e.message }),
  unauthenticated: () => ({ error: "Couldn't authenticate you" }),
  forbidden: (e) => ({ error: 'Forbidden', description: e.message }),
  not_found: (e) => ({ error: 'RecordNotFound', description: e.message || 'Not found' }),
  invalid_endpoint: () => ({ error: 'InvalidEndpoint', description: 'Not found' }),
  conflict: (e) => ({ error: 'Conflict', description: e.message }),
  update_conflict: (e) => ({ error: 'UpdateConflict', description: e.message }),
  record_invalid: (e) => ({
    error: 'RecordInvalid',
    description: 'Record validation errors',
    details: e.details ?? {},
  }),
  invalid_value: (e) => ({ error: 'InvalidValue', description: e.message }),
  rate_limited: (e) => ({ error: 'TooManyRequests', description: e.message }),
  unavailable: (e) => ({ error: 'ServiceUnavailable', description: e.message }),
};

/** Zod's issues as Zendesk's `details`: one entry per field, in words a person can act on. */
export function zodToAppError(err: ZodError, root?: string): AppError {
  const details: Record<string, { description: string }[]> = {};
  for (const issue of err.issues) {
    const path = issue.path.filter((p) => p !== root);
    const field = path.length ? path.join('.') : 'base';
    (details[field] ??= []).push({ description: `${field}: ${issue.message}` });
  }
  return new AppError('record_invalid', 'Record validation errors', details);
}

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return zodToAppError(err);
  // A lock another process held too long (SQLite beside the CLI): nothing was written.
  if (isBusy(err)) return new AppError('unavailable', 'The database is busy; try again in a moment.');
  const fe = err as FastifyError;
  if (fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('invalid_request', 'The request body is too large.');
  if (fe?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('invalid_request', 'Unsupported content type.');
  // Before routing (frameworkErrors): fixed texts, as the URL itself may hold personal data.
  if (fe?.code === 'FST_ERR_BAD_URL') return new AppError('invalid_request', 'The URL is not valid: a percent escape is malformed or does not encode UTF-8.');
  if (fe?.code === 'FST_ERR_MAX_PARAM_LENGTH') return new AppError('invalid_request', 'A part of the URL path is too long.');
  if (fe?.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return new AppError('invalid_request', 'Invalid Content-Length.');
  if (fe?.statusCode === 429) return new AppError('rate_limited', 'Too many requests; retry later.');
  if (fe?.validation || (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)) {
    return new AppError('invalid_request', fe.message);
  }
  return null;
}

/**
 * A browser's fetch (the web app's own calls, Sec-Fetch-Mode cors or same-origin): told no
 * scheme, since a Basic challenge there would open the browser's password dialog over the
 * sign-in page. API clients and a page typed in the address bar get Zendesk's challenge.
 */
function fromScript(req: FastifyRequest): boolean {
  const mode = req.headers['sec-fetch-mode'];
  return typeof mode === 'string' && mode !== 'navigate';
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const app = toAppError(err);
  if (app) {
    if (app.code === 'rate_limited') {
      const after = app instanceof RateLimitedError ? app.retryAfterSeconds : (reply.getHeader('retry-after') ?? 10);
      reply.header('Retry-After', String(after));
    }
    if (app.code === 'unavailable') reply.header('Retry-After', '1');
    if (app.code === 'unauthenticated' && !fromScript(req)) reply.header('WWW-Authenticate', 'Basic realm="Web Password"');
    reply.status(app.status).send(BODY[app.code](app));
    return;
  }
  // Only the error's kind and stack go to the log: a database message can quote the
  // values of a row (a duplicate email, say), and personal data never goes to the logs.
  const e = err as Error & { code?: string };
  req.log.error({ errName: e?.name, errCode: e?.code, stack: e?.stack?.split('\n').slice(1, 8).join('\n') }, 'request failed');
  reply.status(500).send({ error: 'InternalError', description: 'Something went wrong on our side; nothing was changed. Try again.' });
}

export function notFoundHandler(_req: FastifyRequest, reply: FastifyReply): void {
  reply.status(404).send({ error: 'InvalidEndpoint', description: 'Not found' });
}

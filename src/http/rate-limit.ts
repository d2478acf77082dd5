import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** Password guesses allowed per client address per minute, over Basic auth and browser sign-in. */
export const PASSWORD_ATTEMPTS_PER_MINUTE = 30;

/** True for the requests that test a password: Basic email:password, and browser sign-in. */
function testsAPassword(req: FastifyRequest): boolean {
  if (req.method === 'POST' && (req.url === '/api/v2/session' || req.url.startsWith('/api/v2/session?'))) return true;
  const header = req.headers.authorization;
  if (!header || !/^basic /i.test(header)) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const user = decoded.slice(0, Math.max(decoded.indexOf(':'), 0));
  return !user.endsWith('/token');
}

/**
 * Limits password guessing by client address, before any password is checked. API tokens
 * are long random secrets and are not limited here. The counts live in this process: each
 * server of a multi-server install counts on its own.
 */
export async function registerPasswordRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, { global: false });
  app.addHook(
    'onRequest',
    app.rateLimit({
      max: PASSWORD_ATTEMPTS_PER_MINUTE,
      timeWindow: 60_000,
      allowList: (req) => !testsAPassword(req),
      errorResponseBuilder: (_req, ctx) =>
        new AppError('rate_limited', `Too many sign-in attempts; retry in ${ctx.after}.`),
    }),
  );
}

import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { resolveSession } from '../domain/auth/resolve-session.ts';
import { SESSION_MAX_MS } from '../domain/auth/session-rules.ts';
import { AppError } from '../errors.ts';

// Browser sign-in for the web app (docs/web.md): a random session token in an HttpOnly,
// SameSite=Lax cookie (Secure behind https), only its hash in the database. Requests that
// are authenticated by that cookie and change something must carry a CSRF token in the
// X-CSRF-Token header (@fastify/csrf-protection, secret in its own HttpOnly cookie). The
// Authorization header keeps working as before and needs no CSRF token: browsers never
// attach it on their own.

export const SESSION_COOKIE = 'oubli_session';
export const CSRF_COOKIE = 'oubli_csrf';
export const CSRF_HEADER = 'x-csrf-token';


const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when the request reached us over https (directly, or through a proxy that says so). */
export function isHttps(req: FastifyRequest): boolean {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
  return req.protocol === 'https' || forwarded === 'https';
}

function cookieOptions(req: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: isHttps(req) };
}

/** Cookie parsing and CSRF tokens. Registered before the auth hook, which reads the cookies. */
export async function registerSessionSupport(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax' },
    // A custom header only: a form on another site cannot set it, and a cross-origin
    // script that tries needs a CORS preflight that this server never grants.
    getToken: (req) => {
      const v = req.headers[CSRF_HEADER];
      return typeof v === 'string' ? v : undefined;
    },
  });
}

/** Whether the request carries a CSRF token that matches its secret cookie. */
export function csrfValid(app: FastifyInstance, req: FastifyRequest): Promise<boolean> {
  // The plugin's check answers by calling next() or reply.send(error); both are caught
  // here so that a failure becomes our own 403 through the one error handler.
  return new Promise((resolve) => {
    const probe = { send: () => resolve(false) } as unknown as FastifyReply;
    app.csrfProtection.call(app, req, probe, () => resolve(true));
  });
}

/** Throws 403 unless the request's CSRF token is valid. */
export async function requireCsrf(app: FastifyInstance, req: FastifyRequest): Promise<void> {
  if (!(await csrfValid(app, req))) {
    throw new AppError('forbidden', 'The CSRF token is missing or out of date; reload the page and try again.');
  }
}

/**
 * The actor of a session cookie, or null without a valid one. Unsafe requests made with the
 * cookie must also pass the CSRF check. Called only when there is no Authorization header.
 */
export async function sessionActor(app: FastifyInstance, db: Kysely<Database>, req: FastifyRequest, now: Date): Promise<Actor | null> {
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  const actor = await resolveSession(db, token, now);
  if (actor && !SAFE_METHODS.has(req.method)) await requireCsrf(app, req);
  return actor;
}

/** Sets the session cookie, and a fresh CSRF secret so that no token from before sign-in stays valid. */
export function startBrowserSession(req: FastifyRequest, reply: FastifyReply, token: string): string {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(req), maxAge: Math.floor(SESSION_MAX_MS / 1000) });
  if (req.cookies) delete req.cookies[CSRF_COOKIE];
  return reply.generateCsrf({ ...cookieOptions(req) });
}

/** Clears the session cookie (sign-out, or a cookie that no longer opens a session). */
export function endBrowserSession(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

/** A CSRF token for this browser, creating its secret cookie when there is none. */
export function csrfToken(req: FastifyRequest, reply: FastifyReply): string {
  return reply.generateCsrf({ ...cookieOptions(req) });
}

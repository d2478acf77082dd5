import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveSession } from '../../domain/auth/resolve-session.ts';
import { readAuthorNames } from '../../domain/community/read-author-names.ts';
import { HC_SESSION_COOKIE } from '../../domain/hc-auth/hc-auth-rules.ts';
import { resolveHcSession } from '../../domain/hc-auth/resolve-hc-session.ts';
import { AppError } from '../../errors.ts';
import { toAppError } from '../errors.ts';
import { csrfToken, SESSION_COOKIE } from '../session.ts';
import { h, page, sendPage, STYLES, type PageCtx } from './render.ts';
import communityPages from './pages-community.ts';
import filePages from './files.ts';
import kbPages from './pages-kb.ts';
import signinPages from './pages-signin.ts';

// The public help centre at /hc (docs/help-centre-community.md). Outside /api/v2, so the
// API's authentication hook never runs here, and this plugin's hook never runs there: an end
// user's help-centre session opens these pages only. The reader is taken from the help
// centre's own cookie (an end user signed in by an emailed link), else from the agent app's
// cookie (staff reading or moderating), else nobody. Every change is a form with a CSRF token.

export interface HcOptions {
  /** The relay `oubli serve` was given, used while Settings names none. */
  relayDefault: string | null;
  /** The From address while Settings names no support address. */
  mailFrom: string | null;
  /** Collects `METHOD /path` of every page route (the path-spellings test lists them). */
  registry?: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    hcMail: HcOptions;
  }
}

const LOCALE = /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/;
const DEFAULT_LOCALE = 'en-us';

/** The locale a page is read in: `/hc/{locale}/…`, else `?locale=`, else en-us. */
export function localeOf(req: FastifyRequest): string {
  const fromPath = (req.params as { locale?: string } | undefined)?.locale;
  if (fromPath !== undefined) return fromPath.toLowerCase();
  const q = (req.query as { locale?: unknown } | undefined)?.locale;
  return typeof q === 'string' && LOCALE.test(q.toLowerCase()) ? q.toLowerCase() : DEFAULT_LOCALE;
}

/** What every page needs of this request. */
export async function pageCtx(req: FastifyRequest, reply: FastifyReply): Promise<PageCtx> {
  const actor = req.ctx.actor;
  const name = actor ? ((await readAuthorNames(req.ctx, { ids: [actor.id] })).get(actor.id) ?? null) : null;
  return { actor, csrf: csrfToken(req, reply), locale: localeOf(req), name };
}

/** The public help centre's pages. */
export default async function hcRoutes(app: FastifyInstance, opts: HcOptions): Promise<void> {
  app.decorate('hcMail', { relayDefault: opts.relayDefault, mailFrom: opts.mailFrom });
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') opts.registry?.push(`${m} ${r.url}`);
  });
  app.addHook('onRequest', async (req, reply) => {
    const now = req.ctx.now();
    const hc = req.cookies?.[HC_SESSION_COOKIE];
    const staff = req.cookies?.[SESSION_COOKIE];
    req.ctx.actor = (hc ? await resolveHcSession(req.ctx.db, hc, now) : null) ?? (staff ? await resolveSession(req.ctx.db, staff, now) : null);
    // Pages show what people wrote; a copy in a shared cache would outlive its deletion.
    reply.header('cache-control', 'no-store');
    reply.header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    // A locale in the path that is not one is no page.
    const loc = (req.params as { locale?: string } | undefined)?.locale;
    if (loc !== undefined && !LOCALE.test(loc.toLowerCase())) throw new AppError('not_found', 'Not found');
  });
  app.setErrorHandler(async (err, req, reply) => {
    const e = toAppError(err);
    if (!e) {
      const x = err as Error & { code?: string };
      req.log.error({ errName: x?.name, errCode: x?.code, stack: x?.stack?.split('\n').slice(1, 8).join('\n') }, 'request failed');
    }
    const status = e?.status ?? 500;
    const message = status === 404 ? 'This page does not exist, or is no longer here.' : (e?.message ?? 'Something went wrong on our side; nothing was changed. Try again.');
    if (e?.code === 'rate_limited') reply.header('Retry-After', '60');
    const p: PageCtx = { actor: req.ctx?.actor ?? null, csrf: csrfToken(req, reply), locale: DEFAULT_LOCALE, name: null };
    return sendPage(reply, page(p, status === 404 ? 'Not found' : 'Something is wrong', `<h1>${status === 404 ? 'Not found' : 'That did not work'}</h1><p class="error" role="alert">${h(message)}</p><p><a href="/hc">Back to the Help Center</a></p>`), status);
  });
  app.get('/hc/hc.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLES));
  await app.register(kbPages);
  await app.register(communityPages);
  await app.register(signinPages);
  await app.register(filePages);
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { authenticate } from './auth.ts';
import { sessionActor } from './session.ts';

// Authentication belongs to the route, not to the URL's spelling. The hook below is added
// inside the /api/v2 plugin, so Fastify runs it for every route registered there and for
// nothing else, after the router has matched the (decoded, normalized) path: no way of
// writing a path (percent escapes, case, double slashes, `.json`) can reach a handler
// without it. A route is for staff unless it declares otherwise in its config.

/**
 * Who may call a route: `staff` (agents and admins; the default, so a route that says
 * nothing is protected) or `public` (anyone, signed in or not: the handler reads
 * `req.ctx.actor`, which may be null or an end user).
 */
export type RouteAccess = 'staff' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; absent means staff only. */
    access?: RouteAccess;
  }
}

/** One API route as registered, with the access it declares (for tests and docs). */
export interface ApiRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/** The access a matched route declares (staff when it declares none). */
export function routeAccess(req: FastifyRequest): RouteAccess {
  return req.routeOptions.config?.access ?? 'staff';
}

/**
 * Adds the authentication hook to an encapsulated plugin (the API). The caller is taken
 * from the Authorization header, else the web app's session cookie (with CSRF on changes);
 * a wrong header is 401 even on public routes, so a typo never silently makes a client
 * anonymous.
 */
export function protectRoutes(app: FastifyInstance, registry?: ApiRoute[]): void {
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') registry?.push({ method, url: r.url, access: r.config?.access ?? 'staff' });
    }
  });
  app.addHook('onRequest', async (req) => {
    const now = req.ctx.now();
    const actor = (await authenticate(req.ctx.db, req, now.toISOString())) ?? (await sessionActor(app, req.ctx.db, req, now));
    req.ctx.actor = actor;
    if (routeAccess(req) === 'public') return;
    if (!actor) throw new AppError('unauthenticated', "Couldn't authenticate you");
    if (actor.role === 'end-user') throw new AppError('forbidden', 'This endpoint is for agents and admins.');
  });
}

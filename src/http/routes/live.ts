import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { authenticate } from '../auth.ts';
import { sessionActor } from '../session.ts';

// GET /api/v2/live: the live feed over a WebSocket (docs/live.md), for staff. The access hook
// authenticates the upgrade request like any other (token or the web app's session cookie);
// a browser page on another origin is refused, since a cookie alone would otherwise let it
// listen in (cross-site WebSocket hijacking).

/** Whether a browser's Origin is this server itself (non-browser clients send none). */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export default async function liveRoutes(app: FastifyInstance): Promise<void> {
  app.route({
      method: 'GET',
      url: '/live',
      preHandler: async (req) => {
        if (!sameOrigin(req)) throw new AppError('forbidden', 'The live feed only answers pages of this server.');
      },
      // A plain GET (no Upgrade header) is told what this is, not given an empty 404.
      handler: async () => {
        throw new AppError('invalid_request', 'GET /api/v2/live is a WebSocket: send it as an upgrade (Connection: Upgrade, Upgrade: websocket).');
      },
      wsHandler: (socket, req) => {
        const db = req.ctx.db;
        const recheck = async () => {
          const now = req.ctx.now();
          return (await authenticate(db, req, now.toISOString()).catch(() => null)) ?? (await sessionActor(app, db, req, now));
        };
        app.live.add(socket, req.ctx.actor!, recheck);
      },
  });
}

import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import { sameOrigin, staffRecheck } from '../staff-socket.ts';

// GET /api/v2/live: the live feed over a WebSocket (docs/live.md), for staff. The access hook
// authenticates the upgrade request like any other (token or the web app's session cookie);
// a browser page on another origin is refused, since a cookie alone would otherwise let it
// listen in (cross-site WebSocket hijacking).

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
        app.live.add(socket, req.ctx.actor!, staffRecheck(app, req));
      },
  });
}

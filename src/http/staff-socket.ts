import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../context.ts';
import { authenticate } from './auth.ts';
import { sessionActor } from './session.ts';

// What the staff WebSockets (the live feed, /live; the agent's chat, /chat/agent) share: a
// browser page on another origin is refused, since the session cookie alone would otherwise
// let it listen in (cross-site WebSocket hijacking); and a socket's caller is asked again
// now and then, so a signed-out, suspended or erased agent stops hearing anything.

/** Whether a browser's Origin is this server itself (non-browser clients send none). */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Who the upgrade request's caller is now (token or session cookie), or null once they are not. */
export function staffRecheck(app: FastifyInstance, req: FastifyRequest): () => Promise<Actor | null> {
  const db = req.ctx.db;
  return async () => {
    const now = req.ctx.now();
    return (await authenticate(db, req, now.toISOString()).catch(() => null)) ?? (await sessionActor(app, db, req, now));
  };
}

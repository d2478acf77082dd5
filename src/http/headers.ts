import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// Headers every answer carries. `nosniff` stops a browser from second-guessing a content
// type: a JSON error that quotes input, or a stored file, can never be run as a script or
// page in our origin. TLS and HSTS are the reverse proxy's (docs/operations.md).

export const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff' } as const;

/** Registers the onSend hook that sets the headers on every answer (API, web app, errors, 404s). */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });
}

type Handler = (err: unknown, req: FastifyRequest, reply: FastifyReply) => void;

/** Wraps Fastify's `frameworkErrors` handler (a URL it cannot route), whose answer skips every hook. */
export function withSecurityHeaders(handler: Handler): Handler {
  return (err, req, reply) => {
    reply.headers(SECURITY_HEADERS);
    handler(err, req, reply);
  };
}

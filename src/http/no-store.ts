import type { FastifyInstance } from 'fastify';

/**
 * Every API answer says `Cache-Control: no-store` unless its route chose otherwise: answers
 * carry names, addresses and text, and a copy in an agent's browser cache or a proxy is a
 * store no erasure reaches (src/domain/erasure/stores.ts, "browser-http-cache").
 */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

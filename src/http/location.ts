import type { FastifyInstance } from 'fastify';

/**
 * Every 201 of the API says where the new record is (`Location`, as Zendesk sends it): the
 * `url` of the record in the answer, the first root object that has one. A route that knows
 * better sets the header itself, and this hook leaves it.
 */
export function registerLocation(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.statusCode !== 201 || reply.hasHeader('location') || typeof payload !== 'string') return payload;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      return payload;
    }
    if (!body || typeof body !== 'object') return payload;
    for (const v of Object.values(body as Record<string, unknown>)) {
      const url = v && typeof v === 'object' ? (v as { url?: unknown }).url : undefined;
      if (typeof url === 'string') {
        reply.header('Location', url);
        break;
      }
    }
    return payload;
  });
}

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { exportUserData } from '../../domain/access/export-user.ts';
import { idParam } from '../body.ts';

// The right of access (docs/redaction.md): GET /users/{id}/export → one JSON document,
// streamed as it is read (see src/domain/access/export-user.ts for what it holds).

/** GET /users/{id}/export. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>('/users/:id/export', async (req, reply) => {
    // Checks (404, 403, 409) happen before the first byte, so they answer as usual.
    const exp = await exportUserData(req.ctx, { userId: idParam(req.params.id) });
    const stream = Readable.from(exp.chunks, { objectMode: false });
    stream.on('error', (err) => {
      // Headers are sent by then: the document is cut short, which a JSON reader notices.
      req.log.error({ errName: (err as Error)?.name, userId: exp.userId }, 'user export failed while streaming');
    });
    reply.header('content-type', 'application/json; charset=utf-8');
    reply.header('cache-control', 'no-store');
    return reply.send(stream);
  });
}

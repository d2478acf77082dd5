import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_WEB_ROOT } from '../static.ts';

// GET /chat/widget.js: the chat widget a customer's site loads with one script tag
// (docs/chat.md, "Embedding the widget"). Built with the web app (web/vite.config.ts) into
// web/dist/chat/widget.js. Public and cacheable for a while by any site and proxy: it is the
// same code for everyone and holds nothing of anyone.

/** Serves the built widget from `root` (web/dist by default). */
export default async function chatWidget(app: FastifyInstance, opts: { root?: string }): Promise<void> {
  const root = opts.root ?? DEFAULT_WEB_ROOT;
  app.get('/chat/widget.js', async (_req, reply) => {
    if (!existsSync(resolve(root, 'chat/widget.js'))) {
      return reply.status(503).type('text/plain; charset=utf-8').send('The chat widget has not been built yet: run `npm run build:web`.\n');
    }
    return reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=600')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(await readFile(resolve(root, 'chat/widget.js')));
  });
}

import { existsSync, statSync } from 'node:fs';
import { posix, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

// The web app (web/, built into web/dist by `npm install`) served at `/` beside the API.
// Any path that is not a file and not under /api/ gets index.html, so that the app's own
// routes (/tickets/5, /contacts?tab=deleted) survive a reload or a shared link.

export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '../../web/dist');

// The app's code comes only from this server; comment HTML is sanitized in the browser as
// well, and this keeps anything that slips through from running scripts or loading
// content from elsewhere. Inline style attributes are allowed (React style props). Images
// may come from elsewhere over http(s) only because an agent can choose to see a mail's
// remote images (the app blocks them until then); nothing else is loaded from elsewhere.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' http: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** True when a decoded path, normalized, is under /api. */
function isApiPath(rel: string): boolean {
  const first = posix.normalize(`/${rel}`).split('/').find((seg) => seg !== '');
  // `/api;a=1/…`: a matrix parameter does not make it another path.
  return first?.split(';')[0]?.toLowerCase() === 'api';
}

function sendIndex(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CSP)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-cache')
    .sendFile('index.html', { cacheControl: false });
}

/** Serves the built web app from `root` (web/dist by default), with the SPA fallback. */
export default async function staticPlugin(app: FastifyInstance, opts: { root?: string }): Promise<void> {
  const root = opts.root ?? DEFAULT_WEB_ROOT;
  await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', async (req, reply) => {
    const path = (req.url.split('?')[0] ?? '/').replace(/\/+$/, '') || '/';
    let rel: string;
    try {
      rel = decodeURIComponent(path).replace(/^\/+/, '');
    } catch {
      return reply.callNotFound();
    }
    // Anything that reads as the API once decoded and normalized (`/API/v2/x`, `/%61pi/…`,
    // `/x/../api/…`) and matched no API route is an unknown endpoint, never the web app.
    if (isApiPath(rel)) return reply.callNotFound();
    if (!existsSync(resolve(root, 'index.html'))) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The Oubli web app has not been built yet. Run `npm install` (or `npm run build:web`) and reload.\n');
    }
    const full = resolve(root, rel);
    const inside = full === root || full.startsWith(root + sep);
    if (rel && inside && existsSync(full) && statSync(full).isFile()) {
      // Built assets have content hashes in their names: cache them for good.
      const hashed = rel.startsWith('assets/');
      return reply
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
        .sendFile(rel, { cacheControl: false });
    }
    // A missing asset is a 404, not the app: a stale tab asking for old code must not get HTML.
    if (rel.startsWith('assets/') || /\.[a-z0-9]{1,8}$/i.test(rel)) return reply.callNotFound();
    return sendIndex(reply);
  });
}

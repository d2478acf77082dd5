import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

// multipart/form-data bodies (uploads of the help centre's API and its public forms), read
// by the runtime's own parser: WHATWG fetch's Response.formData, in Node since 18. Bodies
// arrive as bytes (the plugins' catch-all parsers), already capped by the app's body limit.

/** Whether the request is a multipart form. */
export function isMultipart(req: FastifyRequest): boolean {
  return /^multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''));
}

/** The request's multipart form; 400 with `message` when it cannot be read. */
export async function readMultipart(req: FastifyRequest, message = 'The multipart form could not be read.'): Promise<FormData> {
  const raw = Buffer.isBuffer(req.body) ? req.body : null;
  if (!raw) throw new AppError('invalid_request', message);
  try {
    return await new Response(new Uint8Array(raw), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
  } catch {
    throw new AppError('invalid_request', message);
  }
}

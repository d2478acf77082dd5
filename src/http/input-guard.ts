import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { unstorableText } from '../shared/text.ts';

// The text rule of src/shared/text.ts, applied once to everything a request carries: its
// path parameters, its query string and its JSON body, every string and every object key
// at any depth. It runs after authentication and before any handler, so no route can pass
// a NUL or a lone surrogate to the database, and SQLite and PostgreSQL answer alike: 400,
// naming where the text was. Uploads (raw bytes) are files, not text, and are not read.

const MAX_DEPTH = 64;

/** Where a value sits, as the error names it: `ticket.comment.body`, `query parameter ids`. */
interface Place {
  /** How a name at the top is introduced ("query parameter "), and what the whole is called. */
  prefix: string;
  whole: string;
}

/** The first unstorable string in a value, as [where, why], or null. */
function findUnstorable(value: unknown, where: string, place: Place, depth = 0): [string, string] | null {
  if (typeof value === 'string') {
    const why = unstorableText(value);
    return why ? [`${place.prefix}${where}`, why] : null;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  // No request shape nests this deep; refusing also keeps the walk off the stack limit.
  if (depth > MAX_DEPTH) throw new AppError('invalid_request', `${place.whole} is nested more than ${MAX_DEPTH} levels deep.`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], `${where}[${i}]`, place, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const keyWhy = unstorableText(key);
    if (keyWhy) return [where ? `a key of ${place.prefix}${where}` : `a name in ${place.whole}`, keyWhy];
    const found = findUnstorable(v, where ? `${where}.${key}` : key, place, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Throws the 400 for the first unstorable text in the request, if any. */
export function checkRequestText(req: Pick<FastifyRequest, 'params' | 'query' | 'body'>): void {
  const parts: [Place, unknown][] = [
    [{ prefix: 'path parameter ', whole: 'the path' }, req.params],
    [{ prefix: 'query parameter ', whole: 'the query string' }, req.query],
    [{ prefix: '', whole: 'the body' }, req.body],
  ];
  for (const [place, value] of parts) {
    const found = findUnstorable(value, '', place);
    if (found) throw new AppError('invalid_request', `${found[0]} ${found[1]}.`);
  }
}

/** Registers the check for every route (root level, before the routes). */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => checkRequestText(req));
}

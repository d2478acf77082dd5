import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { isIdText } from '../shared/ids.ts';
import { IdsQuerySchema } from '../shared/query.ts';
import { zodToAppError } from './errors.ts';
import { parseQuery } from './query.ts';

/**
 * Reads `{ [root]: {...} }` from a request body: 400 when the body or the root key is
 * missing, 422 naming each field when the fields are wrong.
 */
export function parseRoot<S extends z.ZodType>(schema: S, root: string, body: unknown): z.infer<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('invalid_request', `The request body must be a JSON object with a "${root}" key.`);
  }
  const inner = (body as Record<string, unknown>)[root];
  if (inner === undefined || inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
    throw new AppError('invalid_request', `Missing the "${root}" key: send {"${root}": {...}}.`);
  }
  const parsed = schema.safeParse(inner);
  if (!parsed.success) throw zodToAppError(parsed.error, root);
  return parsed.data;
}

/** Reads a body that may be absent (a body-less PUT), and is an object when present. */
export function optionalObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('invalid_request', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/**
 * An id from a path parameter; 404 for anything else (as Zendesk does): `abc`, `-1`, `0`,
 * `1.5` and `2147483648` (beyond every id column) name no record, like an id never used.
 */
export function idParam(raw: unknown): number {
  const s = String(raw ?? '');
  if (!isIdText(s)) throw new AppError('not_found', 'Not found');
  return Number(s);
}

/** `?ids=1,2,3` through IdsQuerySchema (src/shared/query.ts): 1 to 100 ids; 400 naming `ids` otherwise. */
export function idsParam(raw: unknown): number[] {
  return parseQuery(IdsQuerySchema, { ids: raw }).ids;
}

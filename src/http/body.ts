import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { ID_RULE, isIdText, MAX_ID } from '../shared/ids.ts';
import { zodToAppError } from './errors.ts';

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

/** An optional id in the query string (`?ticket_id=`, `?filter[actor_id]=`): absent or empty, or an id; 400 naming it otherwise. */
export function idQuery(q: Record<string, unknown>, name: string): number | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new AppError('invalid_request', `${name} must be given once.`);
  if (!isIdText(v)) throw new AppError('invalid_request', `${name} must be an id (${ID_RULE}).`);
  return Number(v);
}

/** An optional text in the query string, given at most once; 400 naming it otherwise. */
export function textQuery(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new AppError('invalid_request', `${name} must be given once.`);
  return v;
}

/** `?ids=1,2,3` (commas may arrive as %2C): 1 to 100 ids, duplicates dropped; 400 naming `ids` otherwise. */
export function idsParam(raw: unknown, max = 100): number[] {
  const s = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw.join(',') : '';
  const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new AppError('invalid_request', 'ids: give the ids to act on: ?ids=1,2,3');
  const bad = parts.find((p) => !isIdText(p));
  if (bad !== undefined) throw new AppError('invalid_request', `ids: "${bad.slice(0, 20)}" is not an id; ids are whole numbers from 1 to ${MAX_ID}.`);
  const ids = [...new Set(parts.map(Number))];
  if (ids.length > max) throw new AppError('invalid_request', `ids: too many ids, ${ids.length} given, at most ${max} allowed.`);
  return ids;
}

import type { z } from 'zod';
import { AppError } from '../errors.ts';
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

/** A positive integer id from a path parameter; 404 for anything else (as Zendesk does). */
export function idParam(raw: unknown): number {
  const s = String(raw ?? '');
  if (!/^[1-9]\d{0,14}$/.test(s)) throw new AppError('not_found', 'Not found');
  return Number(s);
}

/** `?ids=1,2,3` (commas may arrive as %2C): 1 to 100 positive integers, duplicates dropped. */
export function idsParam(raw: unknown, max = 100): number[] {
  const s = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw.join(',') : '';
  const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new AppError('invalid_request', 'Give the ids to act on: ?ids=1,2,3');
  const bad = parts.find((p) => !/^[1-9]\d{0,14}$/.test(p));
  if (bad !== undefined) throw new AppError('invalid_request', `"${bad.slice(0, 20)}" is not an id; ids are positive integers.`);
  const ids = [...new Set(parts.map(Number))];
  if (ids.length > max) throw new AppError('invalid_request', `Too many ids: ${ids.length} given, at most ${max} allowed.`);
  return ids;
}

import type { FastifyRequest } from 'fastify';

/** `https://host/api/v2`: the base every object's `url` is built from. */
export function apiBase(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}/api/v2`;
}

/** ISO-8601 UTC at seconds precision, as the API promises (`2026-11-22T10:00:00Z`). */
export function ts(value: string): string;
export function ts(value: string | null | undefined): string | null;
export function ts(value: string | null | undefined): string | null {
  if (!value) return null;
  return value.replace(/\.\d{3}Z$/, 'Z');
}

/** Whether a stored word is one of its list (the column is plain text). */
function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

/** A stored word as one of the API's words; a value outside the list is a defect to surface, not to answer with. */
export function word<T extends string>(allowed: readonly T[], value: string): T {
  if (!isOneOf(allowed, value)) throw new Error('A stored value is outside the words the API answers with.');
  return value;
}

export function bool(flag: number | null | undefined): boolean {
  return flag === 1;
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

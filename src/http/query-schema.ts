import type { z } from 'zod';
import { AppError } from '../errors.ts';

/** Reads a query string with a zod schema: 400 naming the parameter when it is wrong. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const parsed = schema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = issue.path.join('.') || 'query';
  throw new AppError('invalid_request', `${name}: ${issue.message}`);
}

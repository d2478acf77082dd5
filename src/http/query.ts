import type { z } from 'zod';
import { AppError } from '../errors.ts';

// Query strings are read through a zod schema, as bodies are (body.ts): the schemas the web
// app also builds queries from live in src/shared (query.ts and the resources' files), the
// others beside their route. The text rule (no NUL, no lone surrogate) has already run
// (input-guard.ts). A bad value is a 400 InvalidRequest whose description names the parameter.

/** The words of one failed parameter: a predicate gets the parameter's name in front. */
function describe(issue: z.core.$ZodIssue): string {
  const name = issue.path.length ? String(issue.path[0]) : 'the query string';
  const m = issue.message;
  const text = /^[A-Z]/.test(m) || m.startsWith(`${name}:`) || m.startsWith(`${name} `) ? m : `${name} ${m}`;
  return text.endsWith('.') ? text : `${text}.`;
}

/** Reads a request's query string through `schema`; 400 naming the first bad parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) throw new AppError('invalid_request', describe(parsed.error.issues[0]!));
  return parsed.data;
}

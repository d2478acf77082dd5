import { AppError } from '../errors.ts';

/** Every string in a body, at any depth. */
function stringsOf(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stringsOf(x, out);
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text with each value (3 characters or more, standing on its own, not inside a word) replaced by `…`. */
function scrubText(text: string, values: string[]): string {
  let t = text;
  for (const v of values) {
    if (v.trim().length < 3) continue;
    t = t.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(v)}(?![\\p{L}\\p{N}])`, 'gu'), '…');
  }
  return t;
}

/**
 * Runs one item's action, and when it fails, rethrows its error with every value of the
 * item's body taken out of the words: an action's 422 may quote what was sent ("x@y is
 * already being used"), and a job's results are shown to callers and kept, so they hold
 * ids, fields and reasons only (docs/api.md, "Jobs").
 */
export async function withoutValues<T>(body: unknown, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const values = stringsOf(body).sort((a, b) => b.length - a.length);
    const details = err.details
      ? Object.fromEntries(Object.entries(err.details).map(([k, list]) => [k, list.map((d) => ({ description: scrubText(d.description, values) }))]))
      : undefined;
    throw new AppError(err.code, scrubText(err.message, values), details);
  }
}

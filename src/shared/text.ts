import { z } from 'zod';

// The rule for text that Oubli stores (docs/api.md "Text"): any Unicode text, except
// - NUL (U+0000), which PostgreSQL cannot store in a text column while SQLite stores it, and
// - an unpaired UTF-16 surrogate (\uD800 alone in JSON), which is no character at all: each
//   driver turns it into replacement characters of its own (one U+FFFD on PostgreSQL, three
//   on SQLite), so the stored text would differ between the databases.
// Such text is refused with a 400 that names the field (src/http/input-guard.ts), never
// cleaned silently. Names and subjects are also one line (oneLine below).

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this text cannot be stored, in words for an error message, or null when it can. */
export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired UTF-16 surrogate (such as \\uD800 alone), which is not valid Unicode';
  return null;
}

/** Line breaks and other control characters, each run as one space: the text fits on one line. */
export function foldLines(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

/**
 * A one-line text (a name, a subject), checked by `inner` after folding: a value can never
 * break out of a mail header line (CR/LF header injection) or a list row. Folded rather
 * than refused, the way mail clients unfold a header written over several lines.
 */
export function oneLine<S extends z.ZodType<unknown, string>>(inner: S) {
  return z.string().transform(foldLines).pipe(inner);
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { draftsOfTicket, setDraftText } from '../../db/queries/workspace.ts';
import { countMatches, redactPlain } from '../redaction/text-match.ts';

// A string redacted on a ticket is redacted in its drafts too, in the same transaction: an
// agent's unsent reply quoting the requester must not keep what the comment lost.

function redactValue(v: unknown, pattern: RegExp): { value: unknown; n: number } {
  if (typeof v === 'string') {
    const r = redactPlain(v, pattern);
    return { value: r.text, n: r.occurrences };
  }
  if (Array.isArray(v)) {
    let n = 0;
    const value = v.map((x) => {
      const r = redactValue(x, pattern);
      n += r.n;
      return r.value;
    });
    return { value, n };
  }
  if (v && typeof v === 'object') {
    let n = 0;
    const value: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = redactValue(x, pattern);
      n += r.n;
      value[k] = r.value;
    }
    return { value, n };
  }
  return { value: v, n: 0 };
}

/** Redacts `pattern` in every draft of the ticket (bodies and field values); how many drafts changed. */
export async function redactDraftsOfTicket(trx: Kysely<Database>, ticketId: number, pattern: RegExp): Promise<number> {
  let changed = 0;
  for (const d of await draftsOfTicket(trx, ticketId)) {
    const body = redactPlain(d.body, pattern);
    const fields = redactValue(JSON.parse(d.fields), pattern);
    if (!body.occurrences && !fields.n) continue;
    const written = { body: body.text, fields: JSON.stringify(fields.value) };
    if (countMatches(written.body, pattern) > 0) throw new Error('draft redaction left a match behind');
    await setDraftText(trx, d.id, written);
    changed++;
  }
  return changed;
}

import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getTicketForUpdate, updateTicketRow, type TicketRow } from '../../db/queries/tickets.ts';
import { commentOfTicket, rawMessageData, rawMessageIdsOfComment, setRawMessageData } from '../../db/queries/redaction.ts';
import { invalidField, notFound } from '../../errors.ts';
import { rewriteRawMessage, type RawEdit } from './raw-mail.ts';
import { countMatches, redactHtml, REDACTED } from './text-match.ts';
import { urlOccurrences } from './html-attributes.ts';

// What the three redaction actions share: which tickets may be redacted, the raw-mail pass,
// and the checkpoint after commit.

/** The stored copies a redaction can touch; the audit event lists those it changed. */
export type RedactionCopy = 'body' | 'html_body' | 'plain_body' | 'raw_message' | 'search_index' | 'attachment' | 'draft';

/** String and attachment redaction stop here: a closed ticket cannot change (docs/lifecycle.md). */
export function closedTicketRefusal() {
  return invalidField(
    'status',
    'Status closed prevents ticket update: a closed ticket cannot be redacted. To remove this data, delete the ticket (and then delete it forever).',
  );
}

/**
 * The ticket, locked for this transaction. Erased and deleted tickets are 404 (a deleted one
 * is in Deleted tickets and goes for good when erased); a closed one is refused unless the
 * caller is the admin redaction, which works on closed tickets.
 */
export async function ticketForRedaction(ctx: Ctx, trx: Transaction<Database>, ticketId: number, opts: { allowClosed: boolean }): Promise<TicketRow> {
  const t = await getTicketForUpdate(trx, ticketId, ctx.caps.rowLocks);
  if (!t || t.state === 'erased' || t.state === 'deleted') throw notFound();
  if (t.status === 'closed' && !opts.allowClosed) throw closedTicketRefusal();
  return t;
}

/** Incremental exports pick the ticket up again, so copies kept by API clients can follow. */
export async function touchTicket(ctx: Ctx, trx: Kysely<Database>, ticketId: number): Promise<void> {
  await updateTicketRow(trx, ticketId, { updated_at: ctx.now().toISOString() });
}

/** Applies an edit to every stored raw message of the comment; returns how many changed and what was found. */
export async function editRawMessages(
  trx: Kysely<Database>,
  commentId: number,
  edit: RawEdit,
): Promise<{ changed: number; occurrences: number; partsReplaced: number }> {
  let changed = 0;
  let occurrences = 0;
  let partsReplaced = 0;
  for (const id of await rawMessageIdsOfComment(trx, commentId)) {
    const raw = await rawMessageData(trx, id);
    if (!raw) continue;
    const r = await rewriteRawMessage(raw, edit);
    occurrences += r.occurrences;
    partsReplaced += r.partsReplaced;
    if (!r.changed) continue;
    if (edit.pattern && (await rewriteRawMessage(r.data, { pattern: edit.pattern })).occurrences > 0) {
      // Never report a redaction as done while the stored message still holds the text.
      throw new Error('raw message redaction left a match behind');
    }
    await setRawMessageData(trx, id, r.data);
    changed++;
  }
  return { changed, occurrences, partsReplaced };
}

/**
 * Reads the comment again after a string redaction wrote it, in the same transaction, and
 * throws — rolling everything back — when the stored text is not what was written or the
 * string can still be found in any of its three forms. A redaction is never reported as done
 * while the text stays. (When the string itself holds ▇, the ▇ just written can complete a
 * new match, so only the written values are compared then.)
 */
export async function assertCommentRedacted(
  trx: Kysely<Database>,
  ticketId: number,
  commentId: number,
  text: string,
  pattern: RegExp,
  written: { body: string; html_body: string; plain_body: string },
): Promise<void> {
  const c = await commentOfTicket(trx, ticketId, commentId);
  const same = !!c && c.body === written.body && c.html_body === written.html_body && c.plain_body === written.plain_body;
  const left =
    !!c && !text.includes(REDACTED) && countMatches(c.plain_body, pattern) + countMatches(c.body, pattern) + redactHtml(c.html_body, pattern).occurrences + urlOccurrences(c.html_body, pattern).length > 0;
  if (!same || left) throw new Error('comment redaction left the text behind: nothing was changed');
}

/**
 * After commit: pushes the rewritten pages out of the SQLite write-ahead log, so the old
 * bytes leave every file (docs/erasure-proof.md). A busy checkpoint is logged without personal data;
 * the next checkpoint (the sweep's, or SQLite's own) finishes the job.
 */
export async function checkpointAfter(ctx: Ctx, action: string, ids: Record<string, number>): Promise<void> {
  if (!ctx.checkpoint) return;
  try {
    const r = await ctx.checkpoint();
    if (r.busy) ctx.log.warn({ action, ...ids }, 'checkpoint busy: removed bytes may stay in the write-ahead log until the next checkpoint');
  } catch (err) {
    ctx.log.warn({ action, ...ids, errName: (err as Error)?.name }, 'checkpoint failed after a removal');
  }
}

import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { commentOfRawMessage, emailValuesOf, insertErasedMessageIds, renameContentIds, linkedRawMessages, linkMailOfTicketsTakenPartIn, sentAttachments, unlinkRawMessage } from '../../db/queries/mail-people.ts';
import { hashMessageId } from '../mail/message-ids.ts';
import { attachmentOfComment, blankAttachment, commentOfTicket, rawMessageData, setCommentText, setRawMessageData } from '../../db/queries/redaction.ts';
import { editRawMessages, touchTicket } from '../redaction/common.ts';
import { erasedMessageId, personInMail, type PersonInMail } from '../redaction/raw-mail-headers.ts';
import { rewriteRawMessage } from '../redaction/raw-mail.ts';

// Stored mail follows the person (issue 9, item 4): when a contact is erased — Delete
// Forever, the retention sweep, or an erasure request's last step — every stored message
// that names them, on their tickets and on everyone else's, is rewritten so that it no
// longer does (their mailboxes, the message ids and Content-IDs carrying their address or
// domain, their addresses in any other header), and every file they sent on someone else's
// ticket becomes an empty `redacted.txt`: its content cannot be searched, and an image of
// theirs must not be served once they are erased. The text of their comments stays, as
// their comments do (docs/lifecycle.md); what it says is for redaction before the erasure.
//
// Erasing someone is the one change that reaches closed, Spam and Deleted tickets here: only
// the person's identifiers and files leave them, the conversation stays as it was.

export interface MailErasureCounts {
  /** Stored messages rewritten (those that named the person). */
  raw_messages_rewritten: number;
  /** Files the person sent on other people's tickets, made empty `redacted.txt`. */
  attachments_redacted: number;
}

export interface MailErasureOptions {
  /** Files an agent decided to keep (rejected in an erasure request). */
  keepAttachmentIds?: number[];
}

/** Work per call: files and messages (a message can be 25 MB). */
export const MAIL_PER_STEP = 20;

/** Links to the person every stored message of the threads they took part in (once, before the steps). */
export async function linkMailOfPerson(trx: Kysely<Database>, userId: number): Promise<void> {
  await linkMailOfTicketsTakenPartIn(trx, userId);
}

/**
 * One bounded step inside the caller's transaction: up to `limit` files and `limit`
 * messages. Each message is unlinked as it is rewritten, so a crash resumes where the last
 * commit left off; zero done means nothing is left.
 */
export async function eraseMailOfPersonStep(
  ctx: Ctx,
  trx: Kysely<Database>,
  userId: number,
  opts: MailErasureOptions & { limit?: number } = {},
): Promise<{ done: number; counts: MailErasureCounts }> {
  const limit = opts.limit ?? MAIL_PER_STEP;
  const counts: MailErasureCounts = { raw_messages_rewritten: 0, attachments_redacted: 0 };
  let done = 0;
  for (const a of await sentAttachments(trx, userId, opts.keepAttachmentIds ?? [], limit)) {
    if (await blankSentFile(ctx, trx, a)) counts.attachments_redacted++;
    done++;
  }
  const person = personInMail(await emailValuesOf(trx, userId));
  for (const id of await linkedRawMessages(trx, userId, limit)) {
    if (await rewriteForPerson(trx, id, person, ctx.now().toISOString())) counts.raw_messages_rewritten++;
    await unlinkRawMessage(trx, id, userId);
    done++;
  }
  return { done, counts };
}

/** The file becomes an empty `redacted.txt`, in the table and in its stored message; a `cid:` link to it points at nothing. */
async function blankSentFile(ctx: Ctx, trx: Kysely<Database>, a: { id: number; ticketId: number; commentId: number }): Promise<boolean> {
  const row = await attachmentOfComment(trx, a.ticketId, a.commentId, a.id);
  if (!row) return false;
  await editRawMessages(trx, a.commentId, { attachments: [{ data: Buffer.from(row.data), fileName: row.file_name, contentId: row.content_id }] });
  await blankAttachment(trx, row.id);
  if (row.content_id) {
    const c = await commentOfTicket(trx, a.ticketId, a.commentId);
    const ref = `cid:${row.content_id}`;
    if (c && c.html_body.includes(ref)) await setCommentText(trx, c.id, { body: c.body, plain_body: c.plain_body, html_body: c.html_body.split(ref).join('cid:redacted') });
  }
  // Incremental exports hand the changed ticket out again, so copies downstream can follow.
  await touchTicket(ctx, trx, a.ticketId);
  return true;
}

/** Rewrites one stored message without the person; false when it did not name them. */
async function rewriteForPerson(trx: Kysely<Database>, id: number, person: PersonInMail, now: string): Promise<boolean> {
  if (!person.addresses.length) return false;
  const raw = await rawMessageData(trx, id);
  if (!raw) return false;
  const r = await rewriteRawMessage(raw, { person });
  if (!r.changed) return false;
  // Never call a message rewritten while it still names them.
  if ((await rewriteRawMessage(r.data, { person })).changed) throw new Error('raw message rewrite left the person behind');
  await setRawMessageData(trx, id, r.data);
  // A later reply quoting one of these ids has it replaced on arrival (src/domain/mail/erased-ids.ts).
  await insertErasedMessageIds(trx, r.idsReplaced.map(hashMessageId), now);
  // An inline image kept by an agent keeps its link: its row takes the Content-ID its part now has.
  const commentId = await commentOfRawMessage(trx, id);
  if (commentId !== null) await renameContentIds(trx, commentId, r.idsReplaced.map((old) => [old, erasedMessageId(old)]));
  return true;
}

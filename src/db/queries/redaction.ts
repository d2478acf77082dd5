import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { mailDb } from './mail.ts';

// Reads and writes of the redaction actions (src/domain/redaction). Every write replaces
// text or bytes in place; with secure_delete on (SQLite) the old bytes are overwritten.

/** A comment with its three text forms, if it belongs to the ticket. */
export async function commentOfTicket(db: Kysely<Database>, ticketId: number, commentId: number) {
  return db
    .selectFrom('comments')
    .select(['id', 'ticket_id', 'author_id', 'body', 'html_body', 'plain_body'])
    .where('id', '=', commentId)
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
}

/** Writes a comment's three text forms (the search index follows through its trigger or expression index). */
export async function setCommentText(
  db: Kysely<Database>,
  commentId: number,
  text: { body: string; html_body: string; plain_body: string },
): Promise<void> {
  await db.updateTable('comments').set(text).where('id', '=', commentId).execute();
}

/** The ids of the stored raw messages of a comment (usually one). */
export async function rawMessageIdsOfComment(db: Kysely<Database>, commentId: number): Promise<number[]> {
  const rows = await mailDb(db).selectFrom('raw_messages').select('id').where('comment_id', '=', commentId).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** One stored raw message's bytes (read one at a time: a message can be 25 MB). */
export async function rawMessageData(db: Kysely<Database>, id: number): Promise<Buffer | null> {
  const r = await mailDb(db).selectFrom('raw_messages').select('data').where('id', '=', id).executeTakeFirst();
  return r ? Buffer.from(r.data) : null;
}

/** Replaces a stored raw message's bytes and size. */
export async function setRawMessageData(db: Kysely<Database>, id: number, data: Buffer): Promise<void> {
  await mailDb(db).updateTable('raw_messages').set({ data, size: data.length }).where('id', '=', id).execute();
}

/** An attachment of a comment, bytes included, if it belongs to that ticket and comment. */
export async function attachmentOfComment(db: Kysely<Database>, ticketId: number, commentId: number, attachmentId: number) {
  return db
    .selectFrom('attachments')
    .select(['id', 'ticket_id', 'comment_id', 'file_name', 'content_type', 'size', 'inline', 'content_id', 'data'])
    .where('id', '=', attachmentId)
    .where('comment_id', '=', commentId)
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
}

/** Ids of a comment's attachments, to resolve the URLs an admin redaction names. */
export async function attachmentIdsOfComment(db: Kysely<Database>, commentId: number): Promise<number[]> {
  const rows = await db.selectFrom('attachments').select('id').where('comment_id', '=', commentId).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Makes an attachment the empty `redacted.txt` (docs/redaction.md). */
export async function blankAttachment(db: Kysely<Database>, id: number): Promise<void> {
  await db
    .updateTable('attachments')
    .set({ file_name: 'redacted.txt', content_type: 'text/plain', size: 0, data: Buffer.alloc(0), inline: 0, content_id: null })
    .where('id', '=', id)
    .execute();
}

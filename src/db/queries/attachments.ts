import type { Insertable, Kysely } from 'kysely';
import type { AttachmentsTable, Database } from '../schema.ts';

/** Every column but the bytes: what lists and presenters need. */
const META = [
  'id',
  'ticket_id',
  'comment_id',
  'upload_token',
  'uploader_id',
  'file_name',
  'content_type',
  'size',
  'inline',
  'content_id',
  'created_at',
] as const;

export type AttachmentMeta = Awaited<ReturnType<typeof getAttachmentMeta>> & {};

export async function insertAttachment(db: Kysely<Database>, row: Insertable<AttachmentsTable>): Promise<number> {
  const r = await db.insertInto('attachments').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getAttachmentMeta(db: Kysely<Database>, id: number) {
  return db.selectFrom('attachments').select(META).where('id', '=', id).executeTakeFirst();
}

/** An attachment's metadata with the state of its ticket (null for an upload), to decide who may read it. */
export async function getAttachmentWithTicketState(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('attachments')
    .leftJoin('tickets', 'tickets.id', 'attachments.ticket_id')
    .select(META.map((c) => `attachments.${c}` as const))
    .select('tickets.state as ticket_state')
    .where('attachments.id', '=', id)
    .executeTakeFirst();
}

/** The stored bytes with what is needed to serve them. */
export async function getAttachmentContent(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('attachments')
    .select(['id', 'file_name', 'content_type', 'size', 'data'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function attachmentsOfComments(db: Kysely<Database>, commentIds: number[]) {
  if (commentIds.length === 0) return [];
  return db.selectFrom('attachments').select(META).where('comment_id', 'in', commentIds).orderBy('id').execute();
}

/** The files of unused uploads under these tokens (not yet part of any comment). */
export async function uploadsByTokens(db: Kysely<Database>, tokens: string[]) {
  if (tokens.length === 0) return [];
  return db
    .selectFrom('attachments')
    .select(META)
    .where('upload_token', 'in', tokens)
    .where('comment_id', 'is', null)
    .orderBy('id')
    .execute();
}

/**
 * Makes unused uploads part of a comment. Only rows still carrying an upload token move,
 * so a token raced by two comments ends up in exactly one. Returns how many moved.
 */
export async function claimUploads(
  db: Kysely<Database>,
  ids: number[],
  ticketId: number,
  commentId: number,
): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .updateTable('attachments')
    .set({ ticket_id: ticketId, comment_id: commentId, upload_token: null })
    .where('id', 'in', ids)
    .where('comment_id', 'is', null)
    .where('upload_token', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Removes the unused files of an upload token. Returns how many went. */
export async function deleteUploads(db: Kysely<Database>, token: string): Promise<number> {
  const r = await db
    .deleteFrom('attachments')
    .where('upload_token', '=', token)
    .where('comment_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}


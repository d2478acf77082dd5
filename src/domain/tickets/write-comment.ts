import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { claimUploads, insertAttachment, uploadsByTokens } from '../../db/queries/attachments.ts';
import { insertComment } from '../../db/queries/comments.ts';
import { getUser } from '../../db/queries/users.ts';
import { invalidField } from '../../errors.ts';
import type { CommentInput } from '../../shared/tickets.ts';
import type { AuditEvent } from './ticket-audit.ts';
import { commentText } from './comment-body.ts';
import { uploadExpired } from './upload-rules.ts';

/** A file that arrives with the comment itself (mail), rather than through an upload token. */
export interface RawAttachment {
  file_name: string;
  content_type: string;
  data: Buffer;
  inline?: boolean;
  content_id?: string | null;
}

/** A comment as the actions take it: the API's shape, plus files carried in (mail). */
export type CommentWrite = CommentInput & { attachments?: RawAttachment[] };

/** True when the comment has text or files: an empty comment is refused. */
export function commentHasContent(c: CommentWrite | undefined): boolean {
  if (!c) return false;
  const text = commentText(c);
  return text.plain_body.trim() !== '' || !!c.uploads?.length || !!c.attachments?.length;
}

/** Refuses a comment author that cannot write: unknown, deleted or erased. */
async function checkAuthor(db: Kysely<Database>, id: number): Promise<void> {
  const u = await getUser(db, id);
  if (!u || u.deleted_at || u.erased_at) throw invalidField('comment.author_id', 'Author: there is no active user with this id.');
}

/** The unused files under these upload tokens; a used, unknown or expired token is refused. */
export async function checkUploadTokens(db: Kysely<Database>, tokens: string[], now: Date) {
  const unique = [...new Set(tokens)];
  const uploads = await uploadsByTokens(db, unique);
  for (const token of unique) {
    const files = uploads.filter((u) => u.upload_token === token);
    if (files.length === 0 || uploadExpired(files, now)) {
      throw invalidField('uploads', `Uploads: the token ${token} is unknown, expired or already used.`);
    }
  }
  return uploads;
}

/**
 * Adds a comment to a ticket in the caller's transaction and makes the named uploads part
 * of it. Each upload token works once: a used, unknown or expired token is refused.
 */
export async function addCommentInTransaction(
  ctx: Ctx,
  trx: Kysely<Database>,
  opts: { ticketId: number; authorId: number; channel: string; comment: CommentWrite },
): Promise<AuditEvent> {
  const { ticketId, authorId, comment } = opts;
  if (comment.author_id !== undefined) await checkAuthor(trx, comment.author_id);
  const now = ctx.now();
  const uploads = await checkUploadTokens(trx, comment.uploads ?? [], now);
  const text = commentText(comment);
  const commentId = await insertComment(trx, {
    ticket_id: ticketId,
    author_id: authorId,
    ...text,
    public: comment.public === false ? 0 : 1,
    channel: opts.channel,
    created_at: now.toISOString(),
  });
  const ids = uploads.map((u) => u.id);
  if ((await claimUploads(trx, ids, ticketId, commentId)) !== ids.length) {
    throw invalidField('uploads', 'Uploads: a token was used by another comment at the same time; upload the files again.');
  }
  for (const a of comment.attachments ?? []) {
    ids.push(
      await insertAttachment(trx, {
        ticket_id: ticketId,
        comment_id: commentId,
        upload_token: null,
        uploader_id: authorId,
        file_name: a.file_name,
        content_type: a.content_type,
        size: a.data.length,
        inline: a.inline ? 1 : 0,
        content_id: a.content_id ?? null,
        data: a.data,
        created_at: now.toISOString(),
      }),
    );
  }
  return { type: 'Comment', id: commentId, author_id: authorId, public: comment.public !== false, attachment_ids: ids };
}

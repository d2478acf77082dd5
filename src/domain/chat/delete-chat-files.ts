import type { Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { blankChatFiles, filesOfChats, getChatForUpdate, messagesOfChats, updateChatRow } from '../../db/queries/chat-records.ts';
import { invalidField, notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canDeleteChatFiles } from '../policy.ts';
import { checkpointAfter } from '../redaction/common.ts';
import { REDACTED_FILE_NAME } from '../redaction/redact-attachment.ts';
import { historyItems } from './history.ts';

// Deleting only a chat's files (DELETE /chat/chats/{id}/attachments, one file with
// …/attachments/{aid}, and Zendesk's PUT /chat_file_redactions/{ticket_id}): each becomes an
// empty `redacted.txt` (size 0, redacted 1), as a redacted ticket attachment does. Admins and
// agents with the delete-tickets permission.

export interface DeleteChatFilesInput {
  chatId: number;
  /** Null: every file of the chat. */
  fileIds: number[] | null;
  /** Set by the erasure-request job, recorded in the audit event. */
  erasureRequestId?: number;
}

export interface DeleteChatFilesResult {
  chatId: number;
  /** The files that changed (already blank ones are left, and not counted). */
  fileIds: number[];
  bytes: number;
}

/** Blanks files inside the caller's transaction; 404 when a named file is not the chat's. */
export async function deleteChatFilesInTransaction(ctx: Ctx, trx: Transaction<Database>, input: DeleteChatFilesInput): Promise<DeleteChatFilesResult> {
  authorize(canDeleteChatFiles(ctx.actor!));
  const chat = await getChatForUpdate(trx, input.chatId, ctx.caps.rowLocks);
  if (!chat) throw notFound();
  if (input.fileIds) {
    const own = new Set((await filesOfChats(trx, [chat.id])).map((f) => f.id));
    if (input.fileIds.some((id) => !own.has(id))) throw notFound('Not found: no such file in this chat.');
  }
  const r = await blankChatFiles(trx, chat.id, input.fileIds, REDACTED_FILE_NAME);
  if (r.ids.length) {
    await updateChatRow(trx, chat.id, { updated_at: ctx.now().toISOString() });
    await recordEvent(ctx, trx, {
      action: 'chat.files_deleted',
      subjectType: 'chat',
      subjectId: chat.id,
      details: { chat_id: chat.id, file_ids: r.ids, files: r.ids.length, bytes: r.bytes, ...(input.erasureRequestId !== undefined ? { erasure_request_id: input.erasureRequestId } : {}) },
    });
  }
  return { chatId: chat.id, fileIds: r.ids, bytes: r.bytes };
}

/** Blanks a chat's files (all, or the ones named), then checkpoints. */
export async function deleteChatFiles(ctx: Ctx, input: DeleteChatFilesInput): Promise<DeleteChatFilesResult> {
  const r = await ctx.db.transaction().execute((trx) => deleteChatFilesInTransaction(ctx, trx, input));
  if (r.fileIds.length) await checkpointAfter(ctx, 'chat.files_deleted', { chat_id: r.chatId });
  return r;
}

/**
 * Zendesk's Redact Chat Comment Attachment (PUT /chat_file_redactions/{ticket_id}): the chat
 * must be one that became this ticket; files are named by their place in the history
 * (`chatIndexes`) or by id. A place that is not a file is refused (422), nothing changed.
 */
export async function redactChatFilesOfTicket(ctx: Ctx, input: { ticketId: number; chatId: number; chatIndexes: number[]; fileIds: number[] }): Promise<DeleteChatFilesResult> {
  authorize(canDeleteChatFiles(ctx.actor!));
  const r = await ctx.db.transaction().execute(async (trx) => {
    const chat = await getChatForUpdate(trx, input.chatId, ctx.caps.rowLocks);
    if (!chat || chat.ticket_id !== input.ticketId) throw notFound('Not found: no such chat on this ticket.');
    const items = historyItems(await messagesOfChats(trx, [chat.id]), await filesOfChats(trx, [chat.id]));
    const ids = new Set(input.fileIds);
    for (const i of input.chatIndexes) {
      const item = items[i];
      if (!item || item.kind !== 'file') throw invalidField('chat_indexes', `chat_index ${i} is not a file of this chat.`);
      ids.add(item.row.id);
    }
    return deleteChatFilesInTransaction(ctx, trx, { chatId: chat.id, fileIds: [...ids] });
  });
  if (r.fileIds.length) await checkpointAfter(ctx, 'chat.files_deleted', { chat_id: r.chatId });
  return r;
}

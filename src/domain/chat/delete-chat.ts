import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { countChatsOfVisitor, deleteChatRows, deleteVisitorRows, getChatForUpdate, rememberDeletedExternalId, type ChatRow, type RowsRemoved } from '../../db/queries/chat-records.ts';
import { notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canDeleteChat } from '../policy.ts';
import { checkpointAfter } from '../redaction/common.ts';

// Deleting a chat whole (DELETE /chat/chats/{id}, admins): its messages, files, its session
// and pages when no other chat uses them, its search rows, and — when it was the visitor's
// last chat — the visitor with every session and page (docs/chat.md). One transaction; the
// external id is remembered as a hash so a re-sync cannot bring the chat back.

export interface DeleteChatResult extends RowsRemoved {
  chatId: number;
  visitorId: number;
  /** True when this was the visitor's last chat and the visitor went too. */
  visitorDeleted: boolean;
}

/** sha256 hex of an external id, as deleted_chat_external_ids keeps it. */
export function externalIdHash(externalId: string): string {
  return createHash('sha256').update(externalId, 'utf8').digest('hex');
}

/**
 * Deletes one chat inside the caller's transaction (the sweep and erasure requests share it);
 * `why` is the fixed word the audit event records (`api`, `retention`, `erasure_request`).
 */
export async function deleteChatInTransaction(ctx: Ctx, trx: Transaction<Database>, chat: ChatRow, why: string, extra: Record<string, number> = {}): Promise<DeleteChatResult> {
  const now = ctx.now().toISOString();
  if (chat.external_id !== null) await rememberDeletedExternalId(trx, externalIdHash(chat.external_id), now);
  const removed = await deleteChatRows(trx, [chat.id]);
  const visitorDeleted = (await countChatsOfVisitor(trx, chat.visitor_id)) === 0;
  if (visitorDeleted) await deleteVisitorRows(trx, chat.visitor_id, removed);
  await recordEvent(ctx, trx, {
    action: 'chat.deleted',
    subjectType: 'chat',
    subjectId: chat.id,
    details: { chat_id: chat.id, visitor_id: chat.visitor_id, ticket_id: chat.ticket_id, why, ...removed, visitor_deleted: visitorDeleted, ...extra },
  });
  if (visitorDeleted) {
    await recordEvent(ctx, trx, { action: 'visitor.deleted', subjectType: 'visitor', subjectId: chat.visitor_id, details: { visitor_id: chat.visitor_id, why: 'last_chat', chats: 0 } });
  }
  return { chatId: chat.id, visitorId: chat.visitor_id, visitorDeleted, ...removed };
}

export interface DeleteChatInput {
  chatId: number;
  /** The retention sweep: only when the chat still started before this (STYLE habit 8). */
  startedBefore?: string;
}

/** Deletes a chat whole (admins), then checkpoints; null when the sweep's condition no longer holds. */
export async function deleteChat(ctx: Ctx, input: DeleteChatInput): Promise<DeleteChatResult | null> {
  authorize(canDeleteChat(ctx.actor!));
  const r = await ctx.db.transaction().execute(async (trx) => {
    const chat = await getChatForUpdate(trx, input.chatId, ctx.caps.rowLocks);
    if (!chat) {
      if (input.startedBefore) return null;
      throw notFound();
    }
    if (input.startedBefore && !(chat.started_at < input.startedBefore)) return null;
    return deleteChatInTransaction(ctx, trx, chat, input.startedBefore ? 'retention' : 'api');
  });
  if (r) await checkpointAfter(ctx, 'chat.deleted', { chat_id: r.chatId });
  return r;
}

/** Rows removed counted as one total, for reports. */
export function removedTotal(r: RowsRemoved): number {
  return r.chats + r.messages + r.files + r.sessions + r.pages;
}


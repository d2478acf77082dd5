import type { Ctx } from '../../context.ts';
import { claimChatFiles, insertChat, insertChatMessage, openChatOfVisitor } from '../../db/queries/chat-chats.ts';
import { getVisitor } from '../../db/queries/chat-visitors.ts';
import { invalidField, notFound } from '../../errors.ts';
import { refuseSuspended } from './chat-rules.ts';

export interface PostVisitorMessageResult {
  chatId: number;
  messageId: number;
  /** True when this message opened the chat (it waits for an agent). */
  opened: boolean;
}

/**
 * A line from the visitor, in their open chat; with none open, it opens one (waiting). A
 * suspended contact's visitor opens nothing (as mail-in refuses their mail).
 */
export async function postVisitorMessage(ctx: Ctx, input: { visitorId: number; sessionId: number | null; text: string; fileIds?: number[] }): Promise<PostVisitorMessageResult> {
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const v = await getVisitor(trx, input.visitorId);
    if (!v) throw notFound('There is no such visitor.');
    await refuseSuspended(trx, { userId: v.user_id, email: v.email });
    const open = await openChatOfVisitor(trx, v.id);
    const chatId =
      open?.id ??
      (await insertChat(trx, { visitor_id: v.id, session_id: input.sessionId, status: 'waiting', agent_id: null, ticket_id: null, external_id: null, started_at: now, ended_at: null, updated_at: now }));
    const messageId = await insertChatMessage(trx, { chat_id: chatId, author_kind: 'visitor', agent_id: null, body: input.text, external_id: null, created_at: now });
    const ids = [...new Set(input.fileIds ?? [])];
    if ((await claimChatFiles(trx, chatId, ids, messageId)) !== ids.length) throw invalidField('file_ids', 'Files: each must be an unsent file of this chat.');
    return { chatId, messageId, opened: !open };
  });
}

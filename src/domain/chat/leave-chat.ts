import type { Ctx } from '../../context.ts';
import { insertChatMessage } from '../../db/queries/chat-chats.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { chatOr404, refuseEnded } from './chat-rules.ts';

/** An agent leaves a chat without ending it (a colleague may take over); a `left` line says so. */
export async function leaveChat(ctx: Ctx, input: { chatId: number }): Promise<{ messageId: number }> {
  authorize(canWorkTickets(ctx.actor!));
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const chat = await chatOr404(trx, input.chatId);
    refuseEnded(chat);
    const messageId = await insertChatMessage(trx, { chat_id: chat.id, author_kind: 'system', agent_id: ctx.actor!.id, body: 'left', external_id: null, created_at: now });
    return { messageId };
  });
}

import type { Ctx } from '../../context.ts';
import { insertChatMessage, updateChatIf } from '../../db/queries/chat-chats.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { chatOr404, refuseEnded } from './chat-rules.ts';

/** An agent takes a waiting chat (it becomes active, theirs) or joins an active one; a `joined` line says so. */
export async function joinChat(ctx: Ctx, input: { chatId: number }): Promise<{ messageId: number }> {
  authorize(canWorkTickets(ctx.actor!));
  const me = ctx.actor!.id;
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const chat = await chatOr404(trx, input.chatId);
    refuseEnded(chat);
    if (chat.status === 'waiting') await updateChatIf(trx, chat.id, ['waiting'], { status: 'active', agent_id: me, updated_at: now });
    else await updateChatIf(trx, chat.id, ['active'], { updated_at: now });
    const messageId = await insertChatMessage(trx, { chat_id: chat.id, author_kind: 'system', agent_id: me, body: 'joined', external_id: null, created_at: now });
    return { messageId };
  });
}

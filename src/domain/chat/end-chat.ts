import type { Ctx } from '../../context.ts';
import { insertChatMessage, openChatOfVisitor, updateChatIf } from '../../db/queries/chat-chats.ts';
import { AppError } from '../../errors.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { chatOr404, refuseEnded } from './chat-rules.ts';

/** Who ends the chat: an agent (the actor) names it; a visitor ends their own open chat. */
export type EndChatInput = { by: 'agent'; chatId: number } | { by: 'visitor'; visitorId: number };

/** Ends a chat (ended_at set, an `ended` line written); the lines stay, as the chat does. */
export async function endChat(ctx: Ctx, input: EndChatInput): Promise<{ chatId: number; messageId: number }> {
  if (input.by === 'agent') authorize(canWorkTickets(ctx.actor!));
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const chat = input.by === 'agent' ? await chatOr404(trx, input.chatId) : await openChatOfVisitor(trx, input.visitorId);
    if (!chat) throw new AppError('record_invalid', 'There is no open chat to end.');
    refuseEnded(chat);
    if (!(await updateChatIf(trx, chat.id, ['waiting', 'active'], { status: 'ended', ended_at: now, updated_at: now }))) throw new AppError('record_invalid', 'This chat has ended.');
    const agentId = input.by === 'agent' ? ctx.actor!.id : null;
    const messageId = await insertChatMessage(trx, { chat_id: chat.id, author_kind: 'system', agent_id: agentId, body: 'ended', external_id: null, created_at: now });
    return { chatId: chat.id, messageId };
  });
}

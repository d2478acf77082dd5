import type { Ctx } from '../../context.ts';
import { claimChatFiles, insertChatMessage, updateChatIf } from '../../db/queries/chat-chats.ts';
import { invalidField } from '../../errors.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { chatOr404, refuseEnded } from './chat-rules.ts';

/** A line from an agent. Writing in a waiting chat takes it, as joining does. */
export async function postAgentMessage(ctx: Ctx, input: { chatId: number; text: string; fileIds?: number[] }): Promise<{ messageId: number; took: boolean }> {
  authorize(canWorkTickets(ctx.actor!));
  const me = ctx.actor!.id;
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const chat = await chatOr404(trx, input.chatId);
    refuseEnded(chat);
    const took = chat.status === 'waiting' && (await updateChatIf(trx, chat.id, ['waiting'], { status: 'active', agent_id: me, updated_at: now }));
    if (!took) await updateChatIf(trx, chat.id, ['active'], { updated_at: now });
    const messageId = await insertChatMessage(trx, { chat_id: chat.id, author_kind: 'agent', agent_id: me, body: input.text, external_id: null, created_at: now });
    const ids = [...new Set(input.fileIds ?? [])];
    if ((await claimChatFiles(trx, chat.id, ids, messageId)) !== ids.length) throw invalidField('file_ids', 'Files: each must be an unsent file of this chat.');
    return { messageId, took };
  });
}

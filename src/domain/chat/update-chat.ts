import type { Ctx } from '../../context.ts';
import { getChatForUpdate, touchChatsOfVisitor, updateChatRow, updateVisitorRow } from '../../db/queries/chat-records.ts';
import { notFound } from '../../errors.ts';
import type { ChatUpdate } from '../../shared/chats.ts';
import { recordEvent } from '../events.ts';
import { authorize, canWorkTickets } from '../policy.ts';

/** Changes a chat's tags (the whole list) and its visitor's fields (PUT /chat/chats/{id}, staff). */
export async function updateChat(ctx: Ctx, input: { chatId: number; update: ChatUpdate }): Promise<void> {
  authorize(canWorkTickets(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const chat = await getChatForUpdate(trx, input.chatId, ctx.caps.rowLocks);
    if (!chat) throw notFound();
    const now = ctx.now().toISOString();
    const fields: string[] = [];
    if (input.update.tags) {
      await updateChatRow(trx, chat.id, { tags: JSON.stringify([...new Set(input.update.tags)]) });
      fields.push('tags');
    }
    const v = input.update.visitor;
    if (v && Object.keys(v).length) {
      await updateVisitorRow(trx, chat.visitor_id, { ...v, ...(v.email === '' ? { email: null } : {}), updated_at: now });
      await touchChatsOfVisitor(trx, chat.visitor_id, now);
      fields.push(...Object.keys(v).map((k) => `visitor.${k}`));
    }
    await updateChatRow(trx, chat.id, { updated_at: now });
    await recordEvent(ctx, trx, { action: 'chat.updated', subjectType: 'chat', subjectId: chat.id, details: { chat_id: chat.id, fields } });
  });
}

import type { Ctx } from '../../context.ts';
import { chatsStartedBefore } from '../../db/queries/chat-records.ts';
import { deleteChat } from './delete-chat.ts';

// Chat retention (account setting chat_retention_days, off by default): chats that started
// more than N days ago are deleted whole, with their visitor when it was the visitor's last
// chat. Read in bounded batches; each chat is deleted in its own transaction, which checks
// the start again (STYLE habit 8). A chat's age is its start: a chat is one conversation.

/** Deletes (or with dryRun counts) chats started before the cutoff; returns their ids. */
export async function expireChats(ctx: Ctx, input: { cutoff: string; dryRun: boolean; batch: number }): Promise<{ chats: number[]; visitors: number }> {
  const chats: number[] = [];
  let visitors = 0;
  for (let cursor: { at: string; id: number } | null = null; ; ) {
    const rows = await chatsStartedBefore(ctx.db, input.cutoff, cursor, input.batch);
    for (const r of rows) {
      if (input.dryRun) {
        chats.push(r.id);
        continue;
      }
      const done = await deleteChat(ctx, { chatId: r.id, startedBefore: input.cutoff });
      if (done) {
        chats.push(done.chatId);
        if (done.visitorDeleted) visitors++;
      }
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < input.batch) break;
    cursor = { at: last.at, id: last.id };
  }
  return { chats, visitors };
}

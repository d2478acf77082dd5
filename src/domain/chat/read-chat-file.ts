import type { Ctx } from '../../context.ts';
import { getChat, getChatFile } from '../../db/queries/chat-chats.ts';
import { notFound } from '../../errors.ts';
import { authorize, canWorkTickets } from '../policy.ts';

/** Whose request: a visitor reads files of their own chats only; staff read a file of the chat they name. */
export type ReadChatFileInput = { fileId: number } & ({ by: 'visitor'; visitorId: number } | { by: 'agent'; chatId: number });

/** A chat file with its bytes; 404 when it is not the caller's to read (nothing says it exists). */
export async function readChatFile(ctx: Ctx, input: ReadChatFileInput) {
  if (input.by === 'agent') authorize(canWorkTickets(ctx.actor!));
  const file = await getChatFile(ctx.db, input.fileId);
  if (!file) throw notFound('There is no such file.');
  if (input.by === 'agent') {
    if (file.chat_id !== input.chatId) throw notFound('There is no such file.');
  } else {
    const chat = await getChat(ctx.db, file.chat_id);
    if (!chat || chat.visitor_id !== input.visitorId) throw notFound('There is no such file.');
  }
  return file;
}

import { api } from '../../lib/api.ts';
import type { ChatFile } from '../../../../src/shared/chat-live.ts';

// The chat routes the page calls over HTTP (docs/web.md "Working chats in the web app"):
// files go up as a raw body (the socket then carries their ids), a chat becomes a ticket,
// and admins delete a chat or its files.

const base = (chatId: string) => `/chat/chats/${encodeURIComponent(chatId)}`;

/** Uploads one file to a chat; its id then goes with the next message. */
export async function uploadChatFile(chatId: string, file: File): Promise<ChatFile> {
  const r = await api<{ file?: ChatFile }>('POST', `${base(chatId)}/files?filename=${encodeURIComponent(file.name)}`, undefined, { raw: file });
  const f = r.file;
  if (!f) throw new Error('The server did not say which file it kept.');
  return f;
}

/** Turns the chat into a ticket (its transcript becomes the ticket's conversation); answers the ticket's id. */
export async function chatToTicket(chatId: string): Promise<number> {
  const r = await api<{ chat?: { ticket_id?: number } }>('POST', `${base(chatId)}/ticket`, {});
  const id = r.chat?.ticket_id;
  if (typeof id !== 'number') throw new Error('The server did not say which ticket it made.');
  return id;
}

/** Deletes the whole chat (admins). */
export async function deleteChat(chatId: string): Promise<void> {
  await api('DELETE', base(chatId));
}

/** Replaces every file of the chat by an empty redacted.txt. */
export async function deleteChatFiles(chatId: string): Promise<void> {
  await api('DELETE', `${base(chatId)}/attachments`);
}

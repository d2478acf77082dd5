import type { Insertable, Kysely, Updateable } from 'kysely';
import type { ChatAttachmentsTable, ChatMessagesTable, ChatsTable, Database } from '../schema.ts';

// Chats, their lines and their files, as the live chat reads and writes them.

export type ChatRow = Awaited<ReturnType<typeof getChat>> & {};
export type ChatMessageRow = Awaited<ReturnType<typeof messagesOfChats>>[number];
export type ChatFileMeta = Awaited<ReturnType<typeof filesOfChats>>[number];

const FILE_META = ['id', 'chat_id', 'message_id', 'file_name', 'content_type', 'size', 'redacted', 'created_at'] as const;

export async function getChat(db: Kysely<Database>, id: number) {
  return db.selectFrom('chats').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertChat(db: Kysely<Database>, row: Insertable<ChatsTable>): Promise<number> {
  return (await db.insertInto('chats').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The visitor's chat that is not ended, if any (newest). */
export async function openChatOfVisitor(db: Kysely<Database>, visitorId: number) {
  return db.selectFrom('chats').selectAll().where('visitor_id', '=', visitorId).where('status', '!=', 'ended').orderBy('id', 'desc').executeTakeFirst();
}

/** Changes a chat only while it is in one of `from`; returns whether it did. */
export async function updateChatIf(db: Kysely<Database>, id: number, from: ChatsTable['status'][], patch: Updateable<ChatsTable>): Promise<boolean> {
  const r = await db.updateTable('chats').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets the ticket of a chat that has none yet; returns whether it did. */
export async function setChatTicket(db: Kysely<Database>, id: number, ticketId: number, now: string): Promise<boolean> {
  const r = await db.updateTable('chats').set({ ticket_id: ticketId, updated_at: now }).where('id', '=', id).where('ticket_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every waiting or active chat, oldest first. */
export async function openChats(db: Kysely<Database>) {
  return db.selectFrom('chats').selectAll().where('status', 'in', ['waiting', 'active']).orderBy('started_at').orderBy('id').execute();
}

export async function insertChatMessage(db: Kysely<Database>, row: Insertable<ChatMessagesTable>): Promise<number> {
  return (await db.insertInto('chat_messages').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getChatMessage(db: Kysely<Database>, id: number) {
  return db.selectFrom('chat_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The lines of these chats, in order. */
export async function messagesOfChats(db: Kysely<Database>, chatIds: number[]) {
  if (!chatIds.length) return [];
  return db.selectFrom('chat_messages').selectAll().where('chat_id', 'in', chatIds).orderBy('id').execute();
}

/** Which agents have written or joined in these chats (system lines name the agent too). */
export async function agentsOfChats(db: Kysely<Database>, chatIds: number[]) {
  if (!chatIds.length) return [];
  return db.selectFrom('chat_messages').select(['chat_id', 'agent_id']).distinct().where('chat_id', 'in', chatIds).where('agent_id', 'is not', null).execute();
}

export async function insertChatFile(db: Kysely<Database>, row: Insertable<ChatAttachmentsTable>): Promise<number> {
  return (await db.insertInto('chat_attachments').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The files of these chats (without their bytes). */
export async function filesOfChats(db: Kysely<Database>, chatIds: number[]) {
  if (!chatIds.length) return [];
  return db.selectFrom('chat_attachments').select(FILE_META).where('chat_id', 'in', chatIds).orderBy('id').execute();
}

/** One file with its bytes. */
export async function getChatFile(db: Kysely<Database>, id: number) {
  return db.selectFrom('chat_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every file of a chat with its bytes (a chat turned into a ticket). */
export async function chatFilesWithData(db: Kysely<Database>, chatId: number) {
  return db.selectFrom('chat_attachments').selectAll().where('chat_id', '=', chatId).orderBy('id').execute();
}

/** Makes unsent files of a chat part of a line; returns how many it took. */
export async function claimChatFiles(db: Kysely<Database>, chatId: number, ids: number[], messageId: number): Promise<number> {
  if (!ids.length) return 0;
  const r = await db
    .updateTable('chat_attachments')
    .set({ message_id: messageId })
    .where('chat_id', '=', chatId)
    .where('id', 'in', ids)
    .where('message_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DialectCaps, TextMatch } from '../dialects/caps.ts';
import type { ChatsTable, Database, VisitorsTable } from '../schema.ts';

// Chats as records (docs/chat.md, "Chats as records"): reading them for the Chat API,
// deleting them whole (deepest rows first: files, messages, the chat, then its session and
// pages when no other chat uses them), blanking their files, writing imported ones. Every
// delete takes the search rows with it: FTS5 triggers on SQLite, the expression index on
// PostgreSQL.

export type ChatRow = Selectable<ChatsTable>;
export type VisitorRow = Selectable<VisitorsTable>;

/** The columns of a file a reader sees (never its bytes). */
const FILE_COLUMNS = ['id', 'chat_id', 'message_id', 'file_name', 'content_type', 'size', 'redacted', 'created_at'] as const;

export async function getChat(db: Kysely<Database>, id: number): Promise<ChatRow | undefined> {
  return db.selectFrom('chats').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The chat, locked for the transaction where the dialect locks rows. */
export async function getChatForUpdate(trx: Transaction<Database>, id: number, rowLocks: boolean): Promise<ChatRow | undefined> {
  const q = trx.selectFrom('chats').selectAll().where('id', '=', id);
  return (rowLocks ? q.forUpdate() : q).executeTakeFirst();
}

export async function getChats(db: Kysely<Database>, ids: number[]): Promise<ChatRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('chats').selectAll().where('id', 'in', ids).execute();
}

/** Newest first by start, then id: the page after the cursor (started_at, id). */
export async function chatsNewestFirst(db: Kysely<Database>, limit: number, before?: { at: string; id: number }): Promise<ChatRow[]> {
  let q = db.selectFrom('chats').selectAll();
  if (before) q = q.where((eb) => eb.or([eb('started_at', '<', before.at), eb.and([eb('started_at', '=', before.at), eb('id', '<', before.id)])]));
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Chats changed at or after `since` (after `afterId` at that very time), oldest change first. */
export async function chatsChangedSince(db: Kysely<Database>, since: string, afterId: number, limit: number): Promise<ChatRow[]> {
  return db
    .selectFrom('chats')
    .selectAll()
    .where((eb) => eb.or([eb('updated_at', '>', since), eb.and([eb('updated_at', '=', since), eb('id', '>', afterId)])]))
    .orderBy('updated_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Chats whose messages hold every one of the phrases (each through the full-text index),
 * newest first, the page after the cursor.
 */
export async function searchChats(db: Kysely<Database>, caps: DialectCaps, phrases: TextMatch[], limit: number, before?: { at: string; id: number }): Promise<ChatRow[]> {
  let q = db.selectFrom('chats').selectAll();
  for (const p of phrases) {
    q = q.where('id', 'in', sql<number>`(select m.chat_id from chat_messages m where m.id in (${caps.search.rowsMatching('chat_messages', [p])}))`);
  }
  if (before) q = q.where((eb) => eb.or([eb('started_at', '<', before.at), eb.and([eb('started_at', '=', before.at), eb('id', '<', before.id)])]));
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function messagesOfChats(db: Kysely<Database>, chatIds: number[]) {
  if (!chatIds.length) return [];
  return db.selectFrom('chat_messages').selectAll().where('chat_id', 'in', chatIds).orderBy('chat_id').orderBy('id').execute();
}

export async function filesOfChats(db: Kysely<Database>, chatIds: number[]) {
  if (!chatIds.length) return [];
  return db.selectFrom('chat_attachments').select([...FILE_COLUMNS]).where('chat_id', 'in', chatIds).orderBy('chat_id').orderBy('id').execute();
}

/** A file of a chat with its bytes (for the export's links and the redaction's check). */
export async function fileOfChat(db: Kysely<Database>, chatId: number, fileId: number) {
  return db.selectFrom('chat_attachments').selectAll().where('id', '=', fileId).where('chat_id', '=', chatId).executeTakeFirst();
}

export async function sessionsByIds(db: Kysely<Database>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('visitor_sessions').selectAll().where('id', 'in', ids).execute();
}

export async function sessionsOfVisitors(db: Kysely<Database>, visitorIds: number[]) {
  if (!visitorIds.length) return [];
  return db.selectFrom('visitor_sessions').selectAll().where('visitor_id', 'in', visitorIds).orderBy('id').execute();
}

export async function pagesOfSessions(db: Kysely<Database>, sessionIds: number[]) {
  if (!sessionIds.length) return [];
  return db.selectFrom('visitor_pages').selectAll().where('session_id', 'in', sessionIds).orderBy('session_id').orderBy('id').execute();
}

export async function getVisitor(db: Kysely<Database>, id: number): Promise<VisitorRow | undefined> {
  return db.selectFrom('visitors').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getVisitors(db: Kysely<Database>, ids: number[]): Promise<VisitorRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('visitors').selectAll().where('id', 'in', ids).execute();
}

/** The visitor profiles linked to a contact. */
export async function visitorsOfUser(db: Kysely<Database>, userId: number): Promise<VisitorRow[]> {
  return db.selectFrom('visitors').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

export async function chatIdsOfVisitors(db: Kysely<Database>, visitorIds: number[]): Promise<number[]> {
  if (!visitorIds.length) return [];
  const rows = await db.selectFrom('chats').select('id').where('visitor_id', 'in', visitorIds).orderBy('id').execute();
  return rows.map((r) => r.id);
}

export async function insertVisitor(db: Kysely<Database>, row: Insertable<VisitorsTable>): Promise<number> {
  const r = await db.insertInto('visitors').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateVisitorRow(db: Kysely<Database>, id: number, set: Partial<Pick<VisitorRow, 'name' | 'email' | 'phone' | 'notes' | 'user_id' | 'updated_at'>>): Promise<void> {
  await db.updateTable('visitors').set(set).where('id', '=', id).execute();
}

export async function updateChatRow(db: Kysely<Database>, id: number, set: Partial<Pick<ChatRow, 'tags' | 'updated_at' | 'ended_at' | 'status' | 'agent_id' | 'ticket_id'>>): Promise<void> {
  await db.updateTable('chats').set(set).where('id', '=', id).execute();
}

/** Marks the visitor's chats changed, so incremental exports pick up a new visitor profile. */
export async function touchChatsOfVisitor(db: Kysely<Database>, visitorId: number, now: string): Promise<void> {
  await db.updateTable('chats').set({ updated_at: now }).where('visitor_id', '=', visitorId).execute();
}

export interface RowsRemoved {
  chats: number;
  messages: number;
  files: number;
  sessions: number;
  pages: number;
}

const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);

/** Deletes sessions (and their pages) that no chat uses any more, among the given ones. */
async function deleteSessionsUnused(trx: Kysely<Database>, sessionIds: number[], out: RowsRemoved): Promise<void> {
  if (!sessionIds.length) return;
  const used = await trx.selectFrom('chats').select('session_id').where('session_id', 'in', sessionIds).execute();
  const free = sessionIds.filter((id) => !used.some((u) => u.session_id === id));
  if (!free.length) return;
  out.pages += n(await trx.deleteFrom('visitor_pages').where('session_id', 'in', free).executeTakeFirst());
  out.sessions += n(await trx.deleteFrom('visitor_sessions').where('id', 'in', free).executeTakeFirst());
}

/** Deletes chats whole: files, messages, the chats, and their sessions when no other chat uses them. */
export async function deleteChatRows(trx: Kysely<Database>, chatIds: number[], out: RowsRemoved = emptyRemoved()): Promise<RowsRemoved> {
  if (!chatIds.length) return out;
  const sessions = await trx.selectFrom('chats').select('session_id').where('id', 'in', chatIds).where('session_id', 'is not', null).execute();
  out.files += n(await trx.deleteFrom('chat_attachments').where('chat_id', 'in', chatIds).executeTakeFirst());
  out.messages += n(await trx.deleteFrom('chat_messages').where('chat_id', 'in', chatIds).executeTakeFirst());
  out.chats += n(await trx.deleteFrom('chats').where('id', 'in', chatIds).executeTakeFirst());
  await deleteSessionsUnused(trx, [...new Set(sessions.map((s) => s.session_id!))], out);
  return out;
}

/** Deletes a visitor with every chat, session and page of theirs. */
export async function deleteVisitorRows(trx: Kysely<Database>, visitorId: number, out: RowsRemoved = emptyRemoved()): Promise<RowsRemoved> {
  await deleteChatRows(trx, await chatIdsOfVisitors(trx, [visitorId]), out);
  const sessions = (await sessionsOfVisitors(trx, [visitorId])).map((s) => s.id);
  if (sessions.length) {
    out.pages += n(await trx.deleteFrom('visitor_pages').where('session_id', 'in', sessions).executeTakeFirst());
    out.sessions += n(await trx.deleteFrom('visitor_sessions').where('id', 'in', sessions).executeTakeFirst());
  }
  await trx.deleteFrom('visitors').where('id', '=', visitorId).execute();
  return out;
}

export function emptyRemoved(): RowsRemoved {
  return { chats: 0, messages: 0, files: 0, sessions: 0, pages: 0 };
}

/** How many chats a visitor has. */
export async function countChatsOfVisitor(db: Kysely<Database>, visitorId: number): Promise<number> {
  const r = await db.selectFrom('chats').select((eb) => eb.fn.countAll<number>().as('n')).where('visitor_id', '=', visitorId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Turns files into empty `redacted.txt` placeholders; returns the ids changed (already blank ones are left). */
export async function blankChatFiles(db: Kysely<Database>, chatId: number, fileIds: number[] | null, name: string): Promise<{ ids: number[]; bytes: number }> {
  let q = db.selectFrom('chat_attachments').select(['id', 'size', 'file_name', 'redacted']).where('chat_id', '=', chatId);
  if (fileIds) q = q.where('id', 'in', fileIds.length ? fileIds : [0]);
  const rows = (await q.execute()).filter((r) => !(r.redacted === 1 && r.size === 0 && r.file_name === name));
  if (!rows.length) return { ids: [], bytes: 0 };
  const ids = rows.map((r) => r.id);
  await db
    .updateTable('chat_attachments')
    .set({ file_name: name, content_type: 'text/plain', size: 0, redacted: 1, data: Buffer.alloc(0) })
    .where('id', 'in', ids)
    .execute();
  return { ids, bytes: rows.reduce((s, r) => s + r.size, 0) };
}

export async function setMessageBody(db: Kysely<Database>, messageId: number, body: string): Promise<void> {
  await db.updateTable('chat_messages').set({ body }).where('id', '=', messageId).execute();
}

export async function chatByExternalId(db: Kysely<Database>, externalId: string): Promise<ChatRow | undefined> {
  return db.selectFrom('chats').selectAll().where('external_id', '=', externalId).executeTakeFirst();
}

export async function isDeletedExternalId(db: Kysely<Database>, hash: string): Promise<boolean> {
  const r = await db.selectFrom('deleted_chat_external_ids').select('external_id_hash').where('external_id_hash', '=', hash).executeTakeFirst();
  return !!r;
}

/** Remembers a deleted chat's external id (as its hash); a second deletion of the same id changes nothing. */
export async function rememberDeletedExternalId(db: Kysely<Database>, hash: string, now: string): Promise<void> {
  await db.insertInto('deleted_chat_external_ids').values({ external_id_hash: hash, created_at: now }).onConflict((oc) => oc.column('external_id_hash').doNothing()).execute();
}

/** Chats that started before the cutoff, oldest first, after the cursor (the retention sweep). */
export async function chatsStartedBefore(db: Kysely<Database>, cutoff: string, cursor: { at: string; id: number } | null, limit: number) {
  let q = db.selectFrom('chats').select(['id', 'started_at as at']).where('started_at', '<', cutoff);
  if (cursor) q = q.where((eb) => eb.or([eb('started_at', '>', cursor.at), eb.and([eb('started_at', '=', cursor.at), eb('id', '>', cursor.id)])]));
  return q.orderBy('started_at').orderBy('id').limit(limit).execute();
}

/** Names of staff for the chat object's agent_names. */
export async function userNames(db: Kysely<Database>, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name ?? '']));
}

/** A ticket's comments with their text (the chat transcript a chat-to-ticket wrote is one of them). */
export async function commentTextsOfTicket(db: Kysely<Database>, ticketId: number) {
  return db.selectFrom('comments').select(['id', 'body', 'plain_body']).where('ticket_id', '=', ticketId).orderBy('id').execute();
}

/** Chats that became this ticket. */
export async function chatsOfTicket(db: Kysely<Database>, ticketId: number): Promise<ChatRow[]> {
  return db.selectFrom('chats').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
}

export async function insertSession(db: Kysely<Database>, row: Insertable<Database['visitor_sessions']>): Promise<number> {
  return (await db.insertInto('visitor_sessions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertPage(db: Kysely<Database>, row: Insertable<Database['visitor_pages']>): Promise<void> {
  await db.insertInto('visitor_pages').values(row).execute();
}

export async function insertChat(db: Kysely<Database>, row: Insertable<ChatsTable>): Promise<number> {
  return (await db.insertInto('chats').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertChatMessage(db: Kysely<Database>, row: Insertable<Database['chat_messages']>): Promise<number> {
  return (await db.insertInto('chat_messages').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The highest chat id (planning and verification walk chats in id ranges). */
export async function maxChatId(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('chats').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** Chats in (after, upTo] with their visitor's fields. */
export async function chatsWithVisitorsInRange(db: Kysely<Database>, after: number, upTo: number) {
  return db
    .selectFrom('chats')
    .innerJoin('visitors', 'visitors.id', 'chats.visitor_id')
    .select(['chats.id', 'chats.visitor_id', 'chats.ticket_id', 'visitors.user_id', 'visitors.name', 'visitors.email', 'visitors.phone', 'visitors.notes'])
    .where('chats.id', '>', after)
    .where('chats.id', '<=', upTo)
    .orderBy('chats.id')
    .execute();
}

/** Messages of chats in (after, upTo] whose text holds any of the phrases, through the full-text index. */
export async function messageHitsInRange(db: Kysely<Database>, caps: DialectCaps, phrases: TextMatch[], after: number, upTo: number) {
  if (!phrases.length) return [];
  return db
    .selectFrom('chat_messages')
    .select(['id', 'chat_id', 'body'])
    .where('id', 'in', sql<number>`(${caps.search.rowsMatching('chat_messages', phrases)})`)
    .where('chat_id', '>', after)
    .where('chat_id', '<=', upTo)
    .orderBy('id')
    .execute();
}

/** File names of chats in (after, upTo], placeholders left out. */
export async function fileNamesInRange(db: Kysely<Database>, after: number, upTo: number) {
  return db.selectFrom('chat_attachments').select(['id', 'chat_id', 'file_name']).where('chat_id', '>', after).where('chat_id', '<=', upTo).where('redacted', '=', 0).orderBy('id').execute();
}

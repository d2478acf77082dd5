import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { filesOfChats, getVisitors, messagesOfChats, pagesOfSessions, sessionsByIds, userNames, type ChatRow, type VisitorRow } from '../../db/queries/chat-records.ts';

// Everything the Chat API's chat object shows, read for a page of chats in a few queries
// (not one per chat): visitors, sessions, pages, messages, files and the agents' names.

export type { VisitorRow };

export type ChatBundle = Awaited<ReturnType<typeof loadChatBundle>>;

/** The rows behind a list of chats, for the presenter. */
export async function loadChatBundle(db: Kysely<Database>, chats: ChatRow[]) {
  const ids = chats.map((c) => c.id);
  const sessionIds = [...new Set(chats.flatMap((c) => (c.session_id !== null ? [c.session_id] : [])))];
  const [visitors, sessions, pages, messages, files] = await Promise.all([
    getVisitors(db, [...new Set(chats.map((c) => c.visitor_id))]),
    sessionsByIds(db, sessionIds),
    pagesOfSessions(db, sessionIds),
    messagesOfChats(db, ids),
    filesOfChats(db, ids),
  ]);
  const agentIds = new Set<number>();
  for (const c of chats) if (c.agent_id !== null) agentIds.add(c.agent_id);
  for (const m of messages) if (m.agent_id !== null) agentIds.add(m.agent_id);
  const names = await userNames(db, [...agentIds]);
  return { chats, visitors, sessions, pages, messages, files, names };
}

import type { Ctx } from '../../context.ts';
import { filesOfChats, messagesOfChats, openChats, getChat, type ChatFileMeta, type ChatMessageRow, type ChatRow } from '../../db/queries/chat-chats.ts';
import { getVisitorSessions, getVisitors, pagesOfSessions, type VisitorRow } from '../../db/queries/chat-visitors.ts';
import { getUsers } from '../../db/queries/users.ts';
import { getChatMessage } from '../../db/queries/chat-chats.ts';

export type { ChatFileMeta, ChatMessageRow, ChatRow };

/** Everything the live chat shows of some chats, as rows (src/http/presenters/chat-live.ts shapes them). */
export interface LiveChatRecords {
  chats: ChatRow[];
  messages: ChatMessageRow[];
  files: ChatFileMeta[];
  visitors: Map<number, VisitorRow>;
  /** The session of each chat's visit, with its pages. */
  sessions: Map<number, { ip: string | null; user_agent: string | null; pages: { url: string; title: string | null; visited_at: string }[] }>;
  /** Agents' names, by user id (as the visitor sees them). */
  agentNames: Map<number, string>;
}

async function gather(ctx: Ctx, chats: ChatRow[], messages?: ChatMessageRow[]): Promise<LiveChatRecords> {
  const ids = chats.map((c) => c.id);
  const lines = messages ?? (await messagesOfChats(ctx.db, ids));
  const files = await filesOfChats(ctx.db, ids);
  const visitors = new Map((await getVisitors(ctx.db, [...new Set(chats.map((c) => c.visitor_id))])).map((v) => [v.id, v]));
  const sessionIds = [...new Set(chats.flatMap((c) => (c.session_id === null ? [] : [c.session_id])))];
  const pages = await pagesOfSessions(ctx.db, sessionIds);
  const sessions = new Map(
    (await getVisitorSessions(ctx.db, sessionIds)).map((s) => [
      s.id,
      { ip: s.ip, user_agent: s.user_agent, pages: pages.filter((p) => p.session_id === s.id).map((p) => ({ url: p.url, title: p.title, visited_at: p.visited_at })) },
    ]),
  );
  const agentIds = [...new Set(lines.flatMap((m) => (m.agent_id === null ? [] : [m.agent_id])))];
  const agentNames = new Map((await getUsers(ctx.db, agentIds)).map((u) => [u.id, u.alias || u.name]));
  return { chats, messages: lines, files, visitors, sessions, agentNames };
}

/** The named chats (any status), or every waiting and active one. */
export async function readLiveChats(ctx: Ctx, input: { chatIds?: number[] }): Promise<LiveChatRecords> {
  const chats = input.chatIds ? (await Promise.all(input.chatIds.map((id) => getChat(ctx.db, id)))).filter((c): c is ChatRow => !!c) : await openChats(ctx.db);
  return gather(ctx, chats);
}

/** One line with its chat and files, to push to those who see the chat. */
export async function readChatLine(ctx: Ctx, input: { messageId: number }): Promise<LiveChatRecords | null> {
  const m = await getChatMessage(ctx.db, input.messageId);
  const chat = m && (await getChat(ctx.db, m.chat_id));
  if (!m || !chat) return null;
  const r = await gather(ctx, [chat], [m]);
  return { ...r, files: r.files.filter((f) => f.message_id === m.id) };
}

import type { ChatMessageRow, ChatRow, LiveChatRecords } from '../../domain/chat/read-live-chats.ts';
import { CHAT_STATUSES, type ChatFile, type ChatLine, type LiveChat } from '../../shared/chat-live.ts';
import { SYSTEM_EVENTS } from '../../domain/chat/chat-rules.ts';
import { ts, word } from './common.ts';

// The live chat's wire shapes (src/shared/chat-live.ts). The visitor and the agent read a
// chat's files by different URLs: the visitor's carries no cookie, only the widget's secret.

export type ChatSide = 'visitor' | 'agent';

/** Where a side reads a file's bytes (a path on this server: the widget prefixes its origin). */
export function chatFileUrl(side: ChatSide, chatId: number, fileId: number): string {
  return side === 'visitor' ? `/api/v2/chat/visitor/files/${fileId}` : `/api/v2/chat/chats/${chatId}/files/${fileId}`;
}

/** One line as `side` sees it. */
export function presentLine(r: LiveChatRecords, m: ChatMessageRow, side: ChatSide): ChatLine {
  const files: ChatFile[] = r.files
    .filter((f) => f.message_id === m.id)
    .map((f) => ({ id: f.id, file_name: f.file_name, content_type: f.content_type, size: f.size, redacted: f.redacted === 1, url: chatFileUrl(side, m.chat_id, f.id) }));
  const system = m.author_kind === 'system';
  return {
    id: m.id,
    chat_id: String(m.chat_id),
    author: m.author_kind,
    agent_id: m.agent_id,
    agent_name: m.agent_id !== null ? (r.agentNames.get(m.agent_id) ?? null) : null,
    text: system ? '' : m.body,
    event: system ? word(SYSTEM_EVENTS, m.body) : null,
    files,
    created_at: ts(m.created_at),
  };
}

/** The agents in a chat now: those who joined or wrote, less those who left since. */
export function agentsIn(messages: ChatMessageRow[]): number[] {
  const inside = new Set<number>();
  for (const m of messages) {
    if (m.agent_id === null) continue;
    if (m.author_kind === 'system' && m.body === 'left') inside.delete(m.agent_id);
    else if (m.author_kind === 'agent' || m.body === 'joined') inside.add(m.agent_id);
  }
  return [...inside].sort((a, b) => a - b);
}

/** A chat as the agent's pane shows it. */
export function presentLiveChat(r: LiveChatRecords, chat: ChatRow): LiveChat {
  const v = r.visitors.get(chat.visitor_id);
  const s = chat.session_id !== null ? r.sessions.get(chat.session_id) : undefined;
  const messages = r.messages.filter((m) => m.chat_id === chat.id);
  return {
    id: String(chat.id),
    status: word(CHAT_STATUSES, chat.status),
    visitor: {
      id: String(chat.visitor_id),
      name: v?.name ?? null,
      email: v?.email ?? null,
      user_id: v?.user_id ?? null,
      ip: s?.ip ?? null,
      user_agent: s?.user_agent ?? null,
      pages: (s?.pages ?? []).map((p) => ({ url: p.url, title: p.title, visited_at: ts(p.visited_at) })),
    },
    agent_ids: agentsIn(messages),
    ticket_id: chat.ticket_id,
    started_at: ts(chat.started_at),
    lines: messages.map((m) => presentLine(r, m, 'agent')),
  };
}

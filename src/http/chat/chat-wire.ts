import type { ChangeFeed } from '../../db/change-feed.ts';

// What the live chat's servers tell each other through ChangeFeed.publish (pg_notify on
// PostgreSQL, in-process on SQLite): ids, flags and fixed words only, after the commit of
// what they name. Each server reads the rows itself and pushes them to its own sockets, so
// no text of a chat travels between servers, and a notification is never more than ~100 bytes.

export type ChatWire =
  /** A line was written in a chat (a message, or joined/left/ended). */
  | { chat: 1; kind: 'line'; chat_id: number; line_id: number }
  /** A chat was opened or changed (status, agents, the visitor's name, its ticket). */
  | { chat: 1; kind: 'chat'; chat_id: number }
  /** Someone is typing, or stopped (not stored). `who`: 'visitor' or the agent's id. */
  | { chat: 1; kind: 'typing'; chat_id: number; who: 'visitor' | number; typing: boolean }
  /** An agent's socket takes chats or stopped (heartbeat; forgotten when not repeated). */
  | { chat: 1; kind: 'agent'; key: string; user_id: number; online: boolean }
  /** A server just started listening: every server repeats its online agents at once. */
  | { chat: 1; kind: 'roll' };

const isInt = (v: unknown): v is number => Number.isInteger(v);

/** The chat message in a feed message, or null when it is something else (the live feed's presence, say). */
export function parseChatWire(text: string): ChatWire | null {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!m || m.chat !== 1) return null;
  switch (m.kind) {
    case 'line':
      return isInt(m.chat_id) && isInt(m.line_id) ? (m as ChatWire) : null;
    case 'chat':
      return isInt(m.chat_id) ? (m as ChatWire) : null;
    case 'typing':
      return isInt(m.chat_id) && (m.who === 'visitor' || isInt(m.who)) && typeof m.typing === 'boolean' ? (m as ChatWire) : null;
    case 'agent':
      return typeof m.key === 'string' && isInt(m.user_id) && typeof m.online === 'boolean' ? (m as ChatWire) : null;
    case 'roll':
      return m as ChatWire;
    default:
      return null;
  }
}

/** Tells every server (this one included). Call it only after the transaction committed. */
export async function publishChat(feed: ChangeFeed, m: ChatWire): Promise<void> {
  await feed.publish(JSON.stringify(m));
}

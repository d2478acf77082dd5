import { z } from 'zod';
import { ID_RULE, IdSchema, isIdText } from './ids.ts';

// Live chat's two WebSocket protocols (docs/chat.md), shared by the server, the widget and
// the web app. The visitor's socket (GET /api/v2/chat/visitor, public: the widget runs on the
// customer's own site) and the agent's socket (GET /api/v2/chat/agent, staff, this server's
// pages only). Text crosses these sockets because a chat is text; it is kept nowhere but the
// chat's own rows (src/domain/erasure/stores.ts, "chat-sockets"). Files go over HTTP
// (multipart-free: the raw body, as POST /uploads), and the socket carries their ids.

/** Longest chat message, in characters: longer ones are refused, not cut. */
export const CHAT_MESSAGE_MAX = 4000;

const Text = z.string().trim().min(1, 'A message cannot be empty.').max(CHAT_MESSAGE_MAX, `A message holds at most ${CHAT_MESSAGE_MAX} characters.`);
/** A chat's id as the wire spells it: a string of digits, as Zendesk's chat ids are strings. */
export const ChatIdSchema = z.string().refine(isIdText, `must be a chat id (a string of digits: ${ID_RULE})`);

const Page = z.object({ url: z.string().url().max(2000), title: z.string().max(300).optional() });

export const CHAT_STATUSES = ['waiting', 'active', 'ended'] as const;
export type ChatLiveStatus = (typeof CHAT_STATUSES)[number];

/** A file attached to a chat, as both sides see it. `redacted`: only the placeholder is left. */
export interface ChatFile {
  id: number;
  file_name: string;
  content_type: string;
  size: number;
  redacted: boolean;
  /** Where the bytes are read: the visitor's and the agent's URLs differ (the visitor's carries no cookie). */
  url: string;
}

/** One line of a chat. `system` lines are fixed events (joined, left, ended) and carry no text of a person. */
export interface ChatLine {
  id: number;
  chat_id: string;
  author: 'visitor' | 'agent' | 'system';
  /** The agent's user id for `agent` lines. */
  agent_id: number | null;
  /** The agent's name as the visitor sees it (agents only; null for the visitor and system lines). */
  agent_name: string | null;
  text: string;
  /** For system lines: what happened. */
  event: 'joined' | 'left' | 'ended' | null;
  files: ChatFile[];
  created_at: string;
}

// ---- The visitor's socket -------------------------------------------------------------

/** From the widget. The first message must be `hello`; `token` is what `welcome` gave this browser before. */
export const VisitorClientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    token: z.string().min(20).max(200).optional(),
    page: Page,
  }),
  /** The visitor moved to another page of the site. */
  z.object({ type: z.literal('page'), page: Page }),
  /** The visitor tells who they are (optional, at any time). */
  z.object({
    type: z.literal('identify'),
    name: z.string().trim().max(200).optional(),
    email: z.string().trim().email().max(320).optional(),
  }),
  /** A line of the chat; starts a chat (waiting) when none is open. `file_ids` come from the upload route. */
  z.object({ type: z.literal('message'), text: Text, file_ids: z.array(IdSchema).max(10).optional() }),
  z.object({ type: z.literal('typing'), typing: z.boolean() }),
  /** The visitor closes the chat. */
  z.object({ type: z.literal('end') }),
  /** No agent online: the visitor leaves a message instead, which becomes a ticket. */
  z.object({
    type: z.literal('offline_message'),
    name: z.string().trim().min(1).max(200),
    email: z.string().trim().email().max(320),
    text: Text,
  }),
  z.object({ type: z.literal('ping') }),
]);
export type VisitorClientMessage = z.infer<typeof VisitorClientMessageSchema>;

/** To the widget. */
export type VisitorServerMessage =
  /** After `hello`: keep `token` in the visitor's browser to come back as the same visitor. */
  | { type: 'welcome'; token: string; visitor_id: string; agents_online: boolean; chat: { id: string; status: ChatLiveStatus; lines: ChatLine[] } | null }
  | { type: 'agents_online'; online: boolean }
  | { type: 'chat'; chat: { id: string; status: ChatLiveStatus } }
  | { type: 'line'; line: ChatLine }
  | { type: 'typing'; typing: boolean }
  /** The offline message was received and became a ticket (its id is not shown to the visitor). */
  | { type: 'offline_received' }
  /** The chat is gone (deleted by an admin, or by retention): the widget clears it. */
  | { type: 'chat_deleted' }
  | { type: 'pong' }
  | { type: 'error'; description: string };

// ---- The agent's socket ---------------------------------------------------------------

/** From the web app. */
export const AgentClientMessageSchema = z.discriminatedUnion('type', [
  /** Whether this agent takes chats (the widget offers chat only while someone is online). */
  z.object({ type: z.literal('status'), online: z.boolean() }),
  /** Takes a waiting chat (or joins an active one). */
  z.object({ type: z.literal('join'), chat_id: ChatIdSchema }),
  z.object({ type: z.literal('leave'), chat_id: ChatIdSchema }),
  z.object({ type: z.literal('message'), chat_id: ChatIdSchema, text: Text, file_ids: z.array(IdSchema).max(10).optional() }),
  z.object({ type: z.literal('typing'), chat_id: ChatIdSchema, typing: z.boolean() }),
  z.object({ type: z.literal('end'), chat_id: ChatIdSchema }),
  z.object({ type: z.literal('ping') }),
]);
export type AgentClientMessage = z.infer<typeof AgentClientMessageSchema>;

/** A visitor as the agent sees them in a live chat. */
export interface LiveVisitor {
  id: string;
  name: string | null;
  email: string | null;
  /** The contact this visitor is linked to. */
  user_id: number | null;
  ip: string | null;
  user_agent: string | null;
  /** Pages of the current visit, newest last. */
  pages: { url: string; title: string | null; visited_at: string }[];
}

/** A waiting or active chat, with everything the agent's pane shows. */
export interface LiveChat {
  id: string;
  status: ChatLiveStatus;
  visitor: LiveVisitor;
  /** Agents in the chat. */
  agent_ids: number[];
  ticket_id: number | null;
  started_at: string;
  lines: ChatLine[];
}

/** To the web app. `ready` holds every waiting and active chat; the rest are changes to them. */
export type AgentServerMessage =
  | { type: 'ready'; chats: LiveChat[]; online_agent_ids: number[]; me_online: boolean }
  | { type: 'chat'; chat: LiveChat }
  | { type: 'line'; line: ChatLine }
  | { type: 'typing'; chat_id: string; who: 'visitor' | number; typing: boolean }
  /** Ended, deleted or turned into a ticket elsewhere: the pane updates or drops it. */
  | { type: 'chat_gone'; chat_id: string; reason: 'ended' | 'deleted' }
  | { type: 'agents_online'; online_agent_ids: number[] }
  | { type: 'pong' }
  | { type: 'error'; description: string };

/** Close codes (as the live feed's): sign in again, or a message was not understood. */
export const CHAT_CLOSE = { sessionEnded: 4401, badMessage: 4400, visitorGone: 4410, tooMany: 4429 } as const;

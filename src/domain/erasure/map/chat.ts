import { data, personal, ref, type AreaMap } from './types.ts';

// The fate of every column of live chat (migration 2026-12-02-001-chat, docs/chat.md).
//
// A visitor is not a user (docs/chat.md): soft-deleting the linked contact leaves the visitor,
// but erasing the contact deletes the visitors linked to them, and with each visitor its
// sessions (IP, user agent), pages visited, chats, messages and files, deepest first. Agents'
// messages stay on the chats of others, as written by the stub, like their comments. A chat
// that became a ticket keeps its own transcript when that ticket alone is erased: the chat
// and the ticket are two records, deleted each on its own (an admin deletes the chat).

export const chatMap: AreaMap = {
  visitors: {
    columns: {
      id: data,
      user_id: ref('users', 'erase'),
      name: personal,
      email: personal,
      phone: personal,
      notes: personal,
      token_hash: data,
      created_at: data,
      updated_at: data,
      last_seen_at: data,
    },
  },
  visitor_sessions: {
    columns: {
      id: data,
      visitor_id: ref('visitors', 'erase'),
      ip: personal,
      user_agent: personal,
      started_at: data,
      last_seen_at: data,
    },
  },
  visitor_pages: {
    columns: {
      id: data,
      session_id: ref('visitor_sessions', 'erase'),
      url: personal,
      title: personal,
      visited_at: data,
    },
  },
  chats: {
    columns: {
      id: data,
      visitor_id: ref('visitors', 'erase'),
      session_id: ref('visitor_sessions', 'erase'),
      status: data,
      agent_id: ref('users', 'keep'),
      ticket_id: ref('tickets', 'keep'),
      external_id: data,
      started_at: data,
      ended_at: data,
      updated_at: data,
      // Agents' words, which can name a person (migration 2026-12-02-004).
      tags: personal,
    },
  },
  chat_messages: {
    columns: {
      id: data,
      chat_id: ref('chats', 'erase'),
      author_kind: data,
      agent_id: ref('users', 'keep'),
      body: personal,
      external_id: data,
      created_at: data,
    },
  },
  chat_attachments: {
    columns: {
      id: data,
      chat_id: ref('chats', 'erase'),
      message_id: ref('chat_messages', 'erase'),
      file_name: personal,
      content_type: data,
      size: data,
      redacted: data,
      data: personal,
      created_at: data,
    },
  },
  deleted_chat_external_ids: {
    columns: { external_id_hash: data, created_at: data },
  },
};

import { insertChatRecord } from '../factories/chats.ts';
import { admins, api, deleters, staff, type Row } from './roles-table.ts';
import type { World } from './world.ts';

// Chats as records (docs/chat.md): the Chat API's chats and visitors, their deletion, file
// deletion and redaction. Every cell gets a fresh chat, so a refused call is seen to change
// nothing by the next one.

const chat = (w: World, extra: Parameters<typeof insertChatRecord>[1] = {}) => insertChatRecord(w.t, { messages: ['Order 4711 is late'], files: [{ name: 'photo.jpg', bytes: 'JPEG' }], ...extra });

async function chatOnTicket(w: World) {
  const tk = await w.ticket({ body: 'Visitor: Order 4711 is late' });
  const c = await chat(w, { ticketId: tk.ticketId });
  return { ...c, ticketId: tk.ticketId };
}

const importBody = (n: string) => ({ external_id: `roles-${n}-${Math.random()}`, visitor: { name: 'Vic' }, history: [{ type: 'chat.msg', msg: 'hello', timestamp: '2026-11-22T09:00:00Z' }], timestamp: '2026-11-22T09:00:00Z' });

export const chatRows: Row[] = [
  { area: 'Chats', action: 'list chats', method: 'GET', path: '/chat/chats', expect: staff(200) },
  { area: 'Chats', action: 'list chats (alias)', method: 'GET', path: '/chats', expect: staff(200) },
  { area: 'Chats', action: 'search chats', method: 'GET', path: '/chat/chats/search?q=', expect: staff(200), make: async () => ({ url: api('/chat/chats/search?q=order') }) },
  { area: 'Chats', action: 'incremental export of chats', method: 'GET', path: '/chat/incremental/chats?start_time=', expect: staff(200), make: async () => ({ url: api('/chat/incremental/chats?start_time=0') }) },
  { area: 'Chats', action: 'import a chat (sync)', method: 'POST', path: '/chat/chats', expect: staff(201), make: async (w, who) => ({ url: api('/chat/chats'), body: importBody(who) }) },
  { area: 'Chats', action: 'show a chat', method: 'GET', path: '/chat/chats/{id}', expect: staff(200), make: async (w) => ({ url: api(`/chat/chats/${(await chat(w)).chatId}`) }) },
  { area: 'Chats', action: 'show a chat (alias)', method: 'GET', path: '/chats/{id}', expect: staff(200), make: async (w) => ({ url: api(`/chats/${(await chat(w)).chatId}`) }) },
  { area: 'Chats', action: "change a chat's tags and visitor", method: 'PUT', path: '/chat/chats/{id}', expect: staff(200), make: async (w) => ({ url: api(`/chat/chats/${(await chat(w)).chatId}`), body: { tags: ['late'] } }) },
  { area: 'Chats', action: 'delete a chat', method: 'DELETE', path: '/chat/chats/{id}', expect: admins(204), make: async (w) => ({ url: api(`/chat/chats/${(await chat(w)).chatId}`) }) },
  { area: 'Chats', action: 'delete a chat (alias)', method: 'DELETE', path: '/chats/{id}', expect: admins(204), make: async (w) => ({ url: api(`/chats/${(await chat(w)).chatId}`) }) },
  { area: 'Chats', action: 'delete many chats', method: 'DELETE', path: '/chat/chats?ids=', expect: admins(204), make: async (w) => ({ url: api(`/chat/chats?ids=${(await chat(w)).chatId}`) }) },
  { area: 'Chats', action: 'delete many chats (alias)', method: 'DELETE', path: '/chats?ids=', expect: admins(204), make: async (w) => ({ url: api(`/chats?ids=${(await chat(w)).chatId}`) }) },
  { area: 'Chats', action: 'redact a string in a chat', method: 'PUT', path: '/chat/chats/{id}/redact', expect: deleters(200), make: async (w) => ({ url: api(`/chat/chats/${(await chat(w)).chatId}/redact`), body: { text: '4711' } }) },
  { area: 'Chats', action: "delete a chat's files", method: 'DELETE', path: '/chat/chats/{id}/attachments', expect: deleters(200), make: async (w) => ({ url: api(`/chat/chats/${(await chat(w)).chatId}/attachments`) }) },
  {
    area: 'Chats', action: 'delete one file of a chat', method: 'DELETE', path: '/chat/chats/{id}/attachments/{aid}', expect: deleters(200),
    make: async (w) => {
      const c = await chat(w);
      return { url: api(`/chat/chats/${c.chatId}/attachments/${c.fileIds[0]}`) };
    },
  },
  {
    area: 'Chats', action: 'delete one file of a chat (alias)', method: 'DELETE', path: '/chats/{id}/attachments/{aid}', expect: deleters(200),
    make: async (w) => {
      const c = await chat(w);
      return { url: api(`/chats/${c.chatId}/attachments/${c.fileIds[0]}`) };
    },
  },
  {
    area: 'Chats', action: 'download a chat file', method: 'GET', path: '/chat/chats/{id}/attachments/{aid}/content', expect: staff(200),
    make: async (w) => {
      const c = await chat(w);
      return { url: api(`/chat/chats/${c.chatId}/attachments/${c.fileIds[0]}/content`) };
    },
  },
  {
    area: 'Chats', action: "redact a chat ticket's message (Zendesk)", method: 'PUT', path: '/chat_redactions/{ticket_id}', expect: deleters(200),
    make: async (w) => {
      const c = await chatOnTicket(w);
      return { url: api(`/chat_redactions/${c.ticketId}`), body: { chat_id: String(c.chatId), chat_index: 0, text: 'Order <redact>4711</redact> is late' } };
    },
  },
  {
    area: 'Chats', action: "redact a chat ticket's files (Zendesk)", method: 'PUT', path: '/chat_file_redactions/{ticket_id}', expect: deleters(200),
    make: async (w) => {
      const c = await chatOnTicket(w);
      return { url: api(`/chat_file_redactions/${c.ticketId}`), body: { chat_id: String(c.chatId), chat_indexes: [1] } };
    },
  },
  { area: 'Chats', action: 'show a visitor', method: 'GET', path: '/chat/visitors/{id}', expect: staff(200), make: async (w) => ({ url: api(`/chat/visitors/${(await chat(w)).visitorId}`) }) },
  { area: 'Chats', action: 'show a visitor (alias)', method: 'GET', path: '/visitors/{id}', expect: staff(200), make: async (w) => ({ url: api(`/visitors/${(await chat(w)).visitorId}`) }) },
  { area: 'Chats', action: 'change or link a visitor', method: 'PUT', path: '/chat/visitors/{id}', expect: staff(200), make: async (w) => ({ url: api(`/chat/visitors/${(await chat(w)).visitorId}`), body: { notes: 'called back' } }) },
  { area: 'Chats', action: 'create a visitor', method: 'POST', path: '/chat/visitors', expect: staff(201), make: async () => ({ url: api('/chat/visitors'), body: { name: 'Synced visitor' } }) },
  { area: 'Chats', action: 'delete a visitor with every chat', method: 'DELETE', path: '/visitors/{id}', expect: admins(204), make: async (w) => ({ url: api(`/visitors/${(await chat(w)).visitorId}`) }) },
];

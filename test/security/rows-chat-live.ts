import type { InjectOptions } from 'fastify';
import { greetVisitor } from '../../src/domain/chat/greet-visitor.ts';
import { attachChatFile } from '../../src/domain/chat/attach-chat-file.ts';
import { postVisitorMessage } from '../../src/domain/chat/post-visitor-message.ts';
import { api, everyone, staff, type Row } from './roles-table.ts';
import type { Answer, Who, World } from './world.ts';

// Live chat (docs/chat.md): the two sockets (a plain GET is told it needs the upgrade; the
// upgrades themselves are tested in test/e2e/chat-live.test.ts), the files of a chat both
// ways and a chat made into a ticket. The visitor's routes are public: the widget's secret
// (a header) is the credential, whoever else the caller is.

const PAGE = { url: 'https://shop.example/' };

/** A visitor with a chat and one line, made as the widget would. */
async function visitorChat(w: World): Promise<{ token: string; chatId: number; visitorId: number }> {
  const g = await greetVisitor(w.t.ctx, { ip: '192.0.2.1', userAgent: 'Row/1', page: PAGE });
  const m = await postVisitorMessage(w.t.ctx, { visitorId: g.visitorId, sessionId: g.sessionId, text: 'Hello from the widget' });
  return { token: g.token, chatId: m.chatId, visitorId: g.visitorId };
}

/** A call as `who`, with the visitor's secret in its header when given. */
async function asVisitor(w: World, who: Who, method: InjectOptions['method'], url: string, token?: string, payload?: Buffer): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'text/plain' };
  const person = w.people[who];
  if (person) headers.authorization = person.auth;
  if (token) headers['x-chat-visitor-token'] = token;
  const res = await w.t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  let body: unknown;
  try {
    body = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, body } as Answer;
}

export const chatLiveRows: Row[] = [
  { area: 'Live chat', action: "open the visitor's socket (a WebSocket, public: the widget on any site)", method: 'GET', path: '/chat/visitor', expect: everyone(400) },
  { area: 'Live chat', action: "open the agent's socket (a WebSocket, this server's pages only)", method: 'GET', path: '/chat/agent', expect: staff(400) },
  { area: 'Live chat', action: "preflight of the visitor's file upload (CORS, any site)", method: 'OPTIONS', path: '/chat/visitor/files', expect: everyone(204) },
  { area: 'Live chat', action: "preflight of reading a visitor's file (CORS, any site)", method: 'OPTIONS', path: '/chat/visitor/files/{id}', expect: everyone(204), make: async () => ({ url: api('/chat/visitor/files/1') }) },
  {
    area: 'Live chat',
    action: 'attach a file as the visitor (with the widget secret; without it, 401 for all)',
    method: 'POST',
    path: '/chat/visitor/files?filename=',
    expect: everyone(201),
    run: async (w, who) => {
      const v = await visitorChat(w);
      return () => asVisitor(w, who, 'POST', api('/chat/visitor/files?filename=a.txt'), v.token, Buffer.from('bytes'));
    },
  },
  {
    area: 'Live chat',
    action: "read a file of the visitor's own chat (with the widget secret)",
    method: 'GET',
    path: '/chat/visitor/files/{id}',
    expect: everyone(200),
    run: async (w, who) => {
      const v = await visitorChat(w);
      const f = await attachChatFile(w.t.ctx, { by: 'visitor', visitorId: v.visitorId, fileName: 'a.txt', data: Buffer.from('bytes') });
      return () => asVisitor(w, who, 'GET', api(`/chat/visitor/files/${f.fileId}`), v.token);
    },
  },
  {
    area: 'Live chat',
    action: 'attach a file to a chat as staff',
    method: 'POST',
    path: '/chat/chats/{id}/files?filename=',
    expect: staff(201),
    make: async (w) => ({ url: api(`/chat/chats/${(await visitorChat(w)).chatId}/files?filename=label.pdf`), body: Buffer.from('%PDF') }),
  },
  {
    area: 'Live chat',
    action: "read a chat's file as staff",
    method: 'GET',
    path: '/chat/chats/{id}/files/{file_id}',
    expect: staff(200),
    run: async (w, who) => {
      const v = await visitorChat(w);
      const f = await attachChatFile(w.t.ctx, { by: 'visitor', visitorId: v.visitorId, fileName: 'a.txt', data: Buffer.from('bytes') });
      return () => asVisitor(w, who, 'GET', api(`/chat/chats/${v.chatId}/files/${f.fileId}`));
    },
  },
  {
    area: 'Live chat',
    action: 'make a chat into a ticket (its transcript the first comment)',
    method: 'POST',
    path: '/chat/chats/{id}/ticket',
    expect: staff(201),
    make: async (w) => ({ url: api(`/chat/chats/${(await visitorChat(w)).chatId}/ticket`) }),
  },
];

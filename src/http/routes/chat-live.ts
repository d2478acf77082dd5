import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { attachChatFile } from '../../domain/chat/attach-chat-file.ts';
import { chatToTicket } from '../../domain/chat/chat-to-ticket.ts';
import { findVisitorByToken } from '../../domain/chat/find-visitor.ts';
import { readChatFile } from '../../domain/chat/read-chat-file.ts';
import { isInlineSafeImage } from '../../domain/tickets/upload-rules.ts';
import { AppError, RateLimitedError } from '../../errors.ts';
import type { ChatFile } from '../../shared/chat-live.ts';
import { idParam } from '../body.ts';
import { publishChat } from '../chat/chat-wire.ts';
import { chatFileUrl, type ChatSide } from '../presenters/chat-live.ts';
import { apiBase } from '../presenters/common.ts';
import { parseQuery } from '../query.ts';
import { sameOrigin, staffRecheck } from '../staff-socket.ts';

// Live chat over HTTP and WebSockets (docs/chat.md): the visitor's socket (public, from any
// site: the widget runs on the customer's pages), the agent's socket (staff, this server's
// pages only), and the files of a chat both ways, as raw bodies like POST /uploads. The
// visitor proves who they are by the widget's secret in a header, never in a URL, so that it
// reaches no log line; their file routes answer any origin (CORS), without cookies.

/** The header that carries the widget's secret on the visitor's file routes. */
export const VISITOR_TOKEN_HEADER = 'x-chat-visitor-token';

const FILE_NAME_HINT = 'Give the file name: POST …/files?filename=NAME with the file as the body.';
const FileQuerySchema = z.object({ filename: z.string({ error: FILE_NAME_HINT }).min(1, FILE_NAME_HINT) });

function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The visitor's routes answer pages of any site, with no cookie (the secret is in a header). */
function allowAnyOrigin(reply: FastifyReply): void {
  reply
    .header('access-control-allow-origin', '*')
    .header('access-control-allow-headers', `${VISITOR_TOKEN_HEADER}, content-type`)
    .header('access-control-allow-methods', 'GET, POST')
    .header('access-control-max-age', '600');
}

function visitorToken(req: FastifyRequest): string | undefined {
  const v = req.headers[VISITOR_TOKEN_HEADER];
  return typeof v === 'string' ? v : undefined;
}

function fileOut(side: ChatSide, chatId: number, f: { id: number; file_name: string; content_type: string; size: number; redacted: number }): ChatFile {
  return { id: f.id, file_name: f.file_name, content_type: f.content_type, size: f.size, redacted: f.redacted === 1, url: chatFileUrl(side, chatId, f.id) };
}

function sendBytes(reply: FastifyReply, f: { file_name: string; content_type: string; data: Buffer | Uint8Array }) {
  // Files come from outside: never let a browser run or sniff them in our origin.
  return reply
    .header('Content-Type', f.content_type)
    .header('Content-Disposition', disposition(isInlineSafeImage(f.content_type) ? 'inline' : 'attachment', f.file_name))
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, no-store')
    .send(Buffer.from(f.data));
}

export default async function chatLiveRoutes(app: FastifyInstance): Promise<void> {
  // A file is its bytes, whatever it says it is: in this plugin every body arrives raw.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/api/v2/chat/visitor/')) allowAnyOrigin(reply);
  });

  app.route({
    method: 'GET',
    url: '/chat/visitor',
    config: { access: 'public' },
    handler: async () => {
      throw new AppError('invalid_request', 'GET /api/v2/chat/visitor is a WebSocket: send it as an upgrade (Connection: Upgrade, Upgrade: websocket).');
    },
    wsHandler: (socket, req) => {
      app.chat.visitors.add(socket, { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null });
    },
  });

  app.route({
    method: 'GET',
    url: '/chat/agent',
    preHandler: async (req) => {
      if (!sameOrigin(req)) throw new AppError('forbidden', 'The agent chat only answers pages of this server.');
    },
    handler: async () => {
      throw new AppError('invalid_request', 'GET /api/v2/chat/agent is a WebSocket: send it as an upgrade (Connection: Upgrade, Upgrade: websocket).');
    },
    wsHandler: (socket, req) => {
      app.chat.agents.add(socket, req.ctx.actor!, staffRecheck(app, req));
    },
  });

  // The visitor's files: the preflight of a cross-site fetch with the secret's header.
  for (const url of ['/chat/visitor/files', '/chat/visitor/files/:id']) {
    app.options(url, { config: { access: 'public' } }, async (_req, reply) => reply.status(204).send());
  }

  app.post('/chat/visitor/files', { config: { access: 'public' } }, async (req, reply) => {
    const limit = await app.publicLimits.take('chat_file', req.ip);
    if (!limit.ok) throw new RateLimitedError(`Too many files from your network: nothing was saved. Try again in ${limit.retryAfterSeconds} seconds.`, limit.retryAfterSeconds);
    const { visitorId } = await findVisitorByToken(req.ctx, { token: visitorToken(req) });
    const { filename } = parseQuery(FileQuerySchema, req.query);
    const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const r = await attachChatFile(req.ctx, { by: 'visitor', visitorId, fileName: filename, contentType: req.headers['content-type'], data });
    if (r.opened) await publishChat(app.chat.feed, { chat: 1, kind: 'chat', chat_id: r.chatId });
    const f = await readChatFile(req.ctx, { by: 'visitor', visitorId, fileId: r.fileId });
    reply.status(201);
    return { file: fileOut('visitor', r.chatId, f) };
  });

  app.get<{ Params: { id: string } }>('/chat/visitor/files/:id', { config: { access: 'public' } }, async (req, reply) => {
    const { visitorId } = await findVisitorByToken(req.ctx, { token: visitorToken(req) });
    const f = await readChatFile(req.ctx, { by: 'visitor', visitorId, fileId: idParam(req.params.id) });
    return sendBytes(reply, f);
  });

  app.post<{ Params: { id: string } }>('/chat/chats/:id/files', async (req, reply) => {
    const chatId = idParam(req.params.id);
    const { filename } = parseQuery(FileQuerySchema, req.query);
    const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const r = await attachChatFile(req.ctx, { by: 'agent', chatId, fileName: filename, contentType: req.headers['content-type'], data });
    const f = await readChatFile(req.ctx, { by: 'agent', chatId, fileId: r.fileId });
    reply.status(201);
    return { file: fileOut('agent', chatId, f) };
  });

  app.get<{ Params: { id: string; file_id: string } }>('/chat/chats/:id/files/:file_id', async (req, reply) => {
    const f = await readChatFile(req.ctx, { by: 'agent', chatId: idParam(req.params.id), fileId: idParam(req.params.file_id) });
    return sendBytes(reply, f);
  });

  app.post<{ Params: { id: string } }>('/chat/chats/:id/ticket', async (req, reply) => {
    const chatId = idParam(req.params.id);
    const { ticketId } = await chatToTicket(req.ctx, { chatId });
    await publishChat(app.chat.feed, { chat: 1, kind: 'chat', chat_id: chatId });
    reply.status(201).header('Location', `${apiBase(req)}/tickets/${ticketId}.json`);
    return { chat: { id: String(chatId), ticket_id: ticketId } };
  });
}

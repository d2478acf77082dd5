import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { deleteChat } from '../../domain/chat/delete-chat.ts';
import { deleteChatFiles, redactChatFilesOfTicket } from '../../domain/chat/delete-chat-files.ts';
import { deleteVisitor } from '../../domain/chat/delete-visitor.ts';
import { importChat } from '../../domain/chat/import-chat.ts';
import { exportChatsSince, listChats, readChat, readChatFileContent, readChatsByIds, searchChatRecords, type ChatCursor } from '../../domain/chat/read-chats.ts';
import { redactChat } from '../../domain/chat/redact-chat.ts';
import { redactChatComment } from '../../domain/chat/redact-chat-comment.ts';
import { updateChat } from '../../domain/chat/update-chat.ts';
import { createVisitor } from '../../domain/chat/create-visitor.ts';
import { readVisitor } from '../../domain/chat/read-visitor.ts';
import { updateVisitor } from '../../domain/chat/update-visitor.ts';
import { AppError } from '../../errors.ts';
import { ChatCommentRedactionSchema, ChatFileRedactionSchema, ChatImportSchema, ChatRedactSchema, ChatUpdateSchema, VisitorUpdateSchema } from '../../shared/chats.ts';
import { optionalParam, wholeParam } from '../../shared/query.ts';
import { idParam, idsParam, optionalObject } from '../body.ts';
import { zodToAppError } from '../errors.ts';
import { parseQuery } from '../query.ts';
import { presentChats, presentVisitor } from '../presenters/chats.ts';
import { apiBase } from '../presenters/common.ts';

// The Zendesk Chat API's records (docs/chat.md, "Chats as records"; docs/api.md): chats and
// visitors under /chat/…, with the short aliases /chats and /visitors, and Zendesk's
// chat redaction endpoints for chats that became tickets. Bodies have no root key, as
// Zendesk Chat's have none.

const CURSOR = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)_(\d{1,10})$/;

const ListQuery = z.object({
  limit: wholeParam(1, 100),
  cursor: optionalParam(z.string().max(64).regex(CURSOR, 'is not a cursor this server gave out')),
  ids: z.unknown().optional(),
});
const SearchQuery = ListQuery.extend({ q: z.string({ error: 'Give a search query: ?q=…' }).trim().min(1, 'Give a search query: ?q=…').max(500) });
const IncrementalQuery = z.object({
  start_time: z.string({ error: 'Give start_time: a Unix time in seconds.' }).regex(/^\d{1,11}$/, 'must be a Unix time in seconds').transform(Number),
  cursor: optionalParam(z.string().max(64).regex(CURSOR, 'is not a cursor this server gave out')),
  limit: wholeParam(1, 1000),
});

function body<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(optionalObject(raw));
  if (!parsed.success) throw zodToAppError(parsed.error);
  return parsed.data;
}

function cursorOf(raw: string | undefined): ChatCursor | undefined {
  const m = raw ? CURSOR.exec(raw) : null;
  return m ? { at: m[1]!, id: Number(m[2]) } : undefined;
}

function nextUrl(req: FastifyRequest, path: string, next: ChatCursor | null, extra: Record<string, string> = {}): string | null {
  if (!next) return null;
  const q = new URLSearchParams({ ...extra, cursor: `${next.at}_${next.id}` });
  return `${apiBase(req)}${path}?${q.toString()}`;
}

/** Chats and visitors. */
export default async function routes(app: FastifyInstance): Promise<void> {
  const list = async (req: FastifyRequest) => {
    const q = parseQuery(ListQuery, req.query);
    if (q.ids !== undefined) {
      const b = await readChatsByIds(req.ctx, { ids: idsParam(q.ids) });
      return { docs: Object.fromEntries(presentChats(req, b).map((c) => [c.id, c])) };
    }
    const limit = q.limit ?? 100;
    const r = await listChats(req.ctx, { limit, before: cursorOf(q.cursor) });
    const chats = presentChats(req, r.bundle);
    return { chats, count: chats.length, next_url: nextUrl(req, '/chat/chats', r.next, { limit: String(limit) }) };
  };
  app.get('/chat/chats', list);
  app.get('/chats', list);

  app.get('/chat/chats/search', async (req) => {
    const q = parseQuery(SearchQuery, req.query);
    const limit = q.limit ?? 100;
    const r = await searchChatRecords(req.ctx, { q: q.q, limit, before: cursorOf(q.cursor) });
    const chats = presentChats(req, r.bundle);
    // Zendesk's search answers results with ids and urls; the whole chat saves a request per result.
    return {
      results: chats.map((c) => ({ id: c.id, type: 'chat', timestamp: c.timestamp, url: `${apiBase(req)}/chat/chats/${c.id}`, chat: c })),
      count: chats.length,
      next_url: nextUrl(req, '/chat/chats/search', r.next, { q: q.q, limit: String(limit) }),
    };
  });

  app.get('/chat/incremental/chats', async (req) => {
    const q = parseQuery(IncrementalQuery, req.query);
    const limit = q.limit ?? 1000;
    const since = new Date(q.start_time * 1000);
    if (Number.isNaN(since.getTime()) || since.getTime() > 8.64e15) throw new AppError('invalid_request', 'start_time must be a Unix time in seconds.');
    // `cursor` (from next_page) resumes exactly after the last chat sent: stored times keep
    // milliseconds, which start_time's seconds cannot say.
    const c = cursorOf(q.cursor);
    const b = await exportChatsSince(req.ctx, { since: c ? c.at : since.toISOString(), afterId: c ? c.id : 0, limit });
    const chats = presentChats(req, b);
    const last = b.chats[b.chats.length - 1];
    const endTime = last ? Math.floor(Date.parse(last.updated_at) / 1000) : q.start_time;
    const more = b.chats.length === limit;
    const params = new URLSearchParams({ start_time: String(endTime), limit: String(limit), ...(last ? { cursor: `${last.updated_at}_${last.id}` } : {}) });
    return {
      chats,
      count: chats.length,
      end_time: endTime,
      end_id: last ? String(last.id) : null,
      next_page: more ? `${apiBase(req)}/chat/incremental/chats?${params.toString()}` : null,
    };
  });

  // Zendesk Chat's bulk delete: DELETE /chat/chats?ids=1,2 (admins); unknown ids are skipped.
  const removeMany = async (req: FastifyRequest, reply: FastifyReply) => {
    const ids = idsParam((req.query as Record<string, unknown> | undefined)?.ids);
    for (const chatId of ids) {
      try {
        await deleteChat(req.ctx, { chatId });
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'not_found')) throw err;
      }
    }
    reply.status(204).send();
  };
  app.delete('/chat/chats', removeMany);
  app.delete('/chats', removeMany);

  app.post('/chat/chats', async (req, reply) => {
    const input = body(ChatImportSchema, req.body);
    const r = await importChat(req.ctx, input);
    const [chat] = presentChats(req, await readChat(req.ctx, { chatId: r.chatId }));
    reply.status(r.created ? 201 : 200);
    if (r.created) reply.header('Location', `${apiBase(req)}/chat/chats/${r.chatId}`);
    return chat;
  });

  type IdP = { Params: { id: string } };
  const one = async (req: FastifyRequest<IdP>) => {
    const [chat] = presentChats(req, await readChat(req.ctx, { chatId: idParam(req.params.id) }));
    return chat;
  };
  app.get<IdP>('/chat/chats/:id', one);
  app.get<IdP>('/chats/:id', one);

  app.put<IdP>('/chat/chats/:id', async (req) => {
    const chatId = idParam(req.params.id);
    await updateChat(req.ctx, { chatId, update: body(ChatUpdateSchema, req.body) });
    return one(req);
  });

  const remove = async (req: FastifyRequest<IdP>, reply: FastifyReply) => {
    await deleteChat(req.ctx, { chatId: idParam(req.params.id) });
    reply.status(204).send();
  };
  app.delete<IdP>('/chat/chats/:id', remove);
  app.delete<IdP>('/chats/:id', remove);

  app.put<IdP>('/chat/chats/:id/redact', async (req) => {
    const chatId = idParam(req.params.id);
    const { text } = body(ChatRedactSchema, req.body);
    await redactChat(req.ctx, { chatId, text });
    return one(req);
  });

  app.delete<IdP>('/chat/chats/:id/attachments', async (req) => {
    const chatId = idParam(req.params.id);
    await deleteChatFiles(req.ctx, { chatId, fileIds: null });
    return one(req);
  });
  type FileP = { Params: { id: string; aid: string } };
  const oneFile = async (req: FastifyRequest<FileP>) => {
    const chatId = idParam(req.params.id);
    await deleteChatFiles(req.ctx, { chatId, fileIds: [idParam(req.params.aid)] });
    return one(req as unknown as FastifyRequest<IdP>);
  };
  app.delete<FileP>('/chat/chats/:id/attachments/:aid', oneFile);
  app.delete<FileP>('/chats/:id/attachments/:aid', oneFile);

  app.get<FileP>('/chat/chats/:id/attachments/:aid/content', async (req, reply) => {
    const f = await readChatFileContent(req.ctx, { chatId: idParam(req.params.id), fileId: idParam(req.params.aid) });
    const ascii = f.file_name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
    // Files come from visitors: never let a browser run or sniff them in our origin.
    reply
      .header('Content-Type', f.content_type)
      .header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.file_name)}`)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, no-store');
    return reply.send(Buffer.from(f.data));
  });

  type TicketP = { Params: { tid: string } };
  app.put<TicketP>('/chat_redactions/:tid', async (req) => {
    const ticketId = idParam(req.params.tid);
    const b = body(ChatCommentRedactionSchema, req.body);
    const r = await redactChatComment(req.ctx, { ticketId, chatId: Number(b.chat_id), chatIndex: b.chat_index, messageId: b.message_id, text: b.text });
    const [chat] = presentChats(req, await readChat(req.ctx, { chatId: r.chatId }));
    return { chat };
  });
  app.put<TicketP>('/chat_file_redactions/:tid', async (req) => {
    const ticketId = idParam(req.params.tid);
    const b = body(ChatFileRedactionSchema, req.body);
    const r = await redactChatFilesOfTicket(req.ctx, { ticketId, chatId: Number(b.chat_id), chatIndexes: b.chat_indexes ?? [], fileIds: b.message_ids ?? [] });
    const [chat] = presentChats(req, await readChat(req.ctx, { chatId: r.chatId }));
    return { chat };
  });

  const visitor = async (req: FastifyRequest<IdP>) => presentVisitor(await readVisitor(req.ctx, { visitorId: idParam(req.params.id) }));
  app.get<IdP>('/chat/visitors/:id', visitor);
  app.get<IdP>('/visitors/:id', visitor);
  app.put<IdP>('/chat/visitors/:id', async (req) => {
    const visitorId = idParam(req.params.id);
    return presentVisitor(await updateVisitor(req.ctx, { visitorId, update: body(VisitorUpdateSchema, req.body) }));
  });
  app.post('/chat/visitors', async (req, reply) => {
    const v = await createVisitor(req.ctx, { visitor: body(VisitorUpdateSchema, req.body) });
    reply.status(201).header('Location', `${apiBase(req)}/chat/visitors/${v.id}`);
    return presentVisitor(v);
  });
  app.delete<IdP>('/visitors/:id', async (req, reply) => {
    await deleteVisitor(req.ctx, { visitorId: idParam(req.params.id) });
    reply.status(204).send();
  });
}

import type { PublicAction, PublicLimits } from '../public-limits.ts';
import type { WebSocket } from 'ws';
import type { Ctx } from '../../context.ts';
import type { ChangeFeed } from '../../db/change-feed.ts';
import { endChat } from '../../domain/chat/end-chat.ts';
import { greetVisitor } from '../../domain/chat/greet-visitor.ts';
import { identifyVisitor } from '../../domain/chat/identify-visitor.ts';
import { leaveOfflineMessage } from '../../domain/chat/leave-offline-message.ts';
import { postVisitorMessage } from '../../domain/chat/post-visitor-message.ts';
import { readLiveChats, type LiveChatRecords } from '../../domain/chat/read-live-chats.ts';
import { recordVisitorPage } from '../../domain/chat/record-visitor-page.ts';
import { CHAT_CLOSE, CHAT_STATUSES, VisitorClientMessageSchema, type VisitorClientMessage, type VisitorServerMessage } from '../../shared/chat-live.ts';
import { presentLine } from '../presenters/chat-live.ts';
import { word } from '../presenters/common.ts';
import type { AgentsOnline } from './agents-online.ts';
import { publishChat } from './chat-wire.ts';
import { failureText, parseFrame, refuseUnstorable, sendTo } from './socket-io.ts';

// The visitors' side of live chat on one server (docs/chat.md): the widget on a customer's
// site says hello (with its secret, never in the URL), then writes and reads the lines of its
// own chat only. What a visitor sees is read from the chat's rows after a feed message (ids)
// says a line was written; nothing of it is kept here once sent.

/** A socket that has not said hello by then is closed. */
const HELLO_WITHIN_MS = 10_000;

interface VisitorClient {
  socket: WebSocket;
  ip: string | null;
  userAgent: string | null;
  visitorId: number | null;
  sessionId: number | null;
  /** The chat this visitor is in (the newest one, ended or not). */
  chatId: number | null;
  queue: Promise<void>;
  helloTimer: NodeJS.Timeout | null;
}

/** What each message counts against (public-limits.ts); a ping or an end counts nothing. */
const LIMITED: Partial<Record<VisitorClientMessage['type'], PublicAction>> = {
  hello: 'chat_hello',
  message: 'chat_write',
  typing: 'chat_write',
  page: 'chat_write',
  identify: 'chat_write',
  offline_message: 'chat_offline_message',
};

export class VisitorHub {
  private readonly clients = new Set<VisitorClient>();

  constructor(
    private readonly feed: ChangeFeed,
    private readonly online: AgentsOnline,
    private readonly limits: PublicLimits,
    private readonly ctx: () => Ctx,
    private readonly inUse: (delta: 1 | -1) => void,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** Takes a new visitor socket, with the request's IP address (trusted-proxy aware) and user agent. */
  add(socket: WebSocket, info: { ip: string | null; userAgent: string | null }): void {
    const client: VisitorClient = { socket, ...info, visitorId: null, sessionId: null, chatId: null, queue: Promise.resolve(), helloTimer: null };
    client.helloTimer = setTimeout(() => socket.close(CHAT_CLOSE.badMessage, 'say hello first'), HELLO_WITHIN_MS);
    client.helloTimer.unref();
    this.clients.add(client);
    this.inUse(1);
    socket.on('message', (data, isBinary) => {
      client.queue = client.queue.then(() => this.received(client, data, isBinary));
    });
    socket.on('close', () => this.remove(client));
    socket.on('error', () => socket.terminate());
  }

  close(): void {
    for (const c of [...this.clients]) c.socket.close(1001, 'server stopping');
  }

  /** A line was written: the visitor of its chat sees it, on every tab. */
  line(r: LiveChatRecords): void {
    const m = r.messages[0];
    const chat = r.chats[0];
    if (!m || !chat) return;
    const text = JSON.stringify({ type: 'line', line: presentLine(r, m, 'visitor') } satisfies VisitorServerMessage);
    for (const c of this.clients) if (c.visitorId === chat.visitor_id && c.socket.readyState === c.socket.OPEN) c.socket.send(text);
  }

  /** A chat opened or changed: its visitor's tabs follow it. */
  chat(r: LiveChatRecords): void {
    const chat = r.chats[0];
    if (!chat) return;
    for (const c of this.clients) {
      if (c.visitorId !== chat.visitor_id) continue;
      c.chatId = chat.id;
      this.send(c, { type: 'chat', chat: { id: String(chat.id), status: word(CHAT_STATUSES, chat.status) } });
    }
  }

  deleted(chatId: number): void {
    for (const c of this.clients) {
      if (c.chatId !== chatId) continue;
      c.chatId = null;
      this.send(c, { type: 'chat_deleted' });
    }
  }

  /** The visitor was deleted or erased: their sockets close (the widget forgets its secret). */
  visitorGone(visitorId: number): void {
    for (const c of this.clients) if (c.visitorId === visitorId) c.socket.close(CHAT_CLOSE.visitorGone, 'visitor gone');
  }

  typing(chatId: number, who: 'visitor' | number, typing: boolean): void {
    if (who === 'visitor') return;
    for (const c of this.clients) if (c.chatId === chatId) this.send(c, { type: 'typing', typing });
  }

  agentsOnline(ids: number[]): void {
    const text = JSON.stringify({ type: 'agents_online', online: ids.length > 0 } satisfies VisitorServerMessage);
    for (const c of this.clients) if (c.visitorId !== null && c.socket.readyState === c.socket.OPEN) c.socket.send(text);
  }

  private async received(client: VisitorClient, data: unknown, isBinary: boolean): Promise<void> {
    const m = parseFrame(VisitorClientMessageSchema, data, isBinary);
    if (!m) {
      // Before hello, a socket that speaks another protocol is not kept.
      if (client.visitorId === null) return void client.socket.close(CHAT_CLOSE.badMessage, 'not understood');
      return this.send(client, { type: 'error', description: 'Not understood: messages are JSON objects of the visitor chat protocol (docs/chat.md), such as {"type":"message","text":"Hello"}.' });
    }
    if (client.visitorId === null && m.type !== 'hello') return void client.socket.close(CHAT_CLOSE.badMessage, 'say hello first');
    const action = LIMITED[m.type];
    if (action) {
      const limit = await this.limits.take(action, client.ip);
      if (!limit.ok) {
        // A refused hello leaves a socket that can do nothing: it closes, and the widget retries later.
        if (m.type === 'hello') return void client.socket.close(CHAT_CLOSE.tooMany, 'too many chats from your network');
        return this.send(client, { type: 'error', description: `Too many messages from your network: nothing was saved. Try again in ${limit.retryAfterSeconds} seconds.` });
      }
    }
    try {
      await this.act(client, m);
    } catch (err) {
      this.send(client, { type: 'error', description: failureText(err, this.ctx().log) });
    }
  }

  private async act(client: VisitorClient, m: VisitorClientMessage): Promise<void> {
    refuseUnstorable(m);
    const ctx = this.ctx();
    const visitorId = client.visitorId!;
    switch (m.type) {
      case 'hello':
        return this.hello(client, m);
      case 'ping':
        return this.send(client, { type: 'pong' });
      case 'page':
        return recordVisitorPage(ctx, { sessionId: client.sessionId!, page: m.page });
      case 'identify':
        await identifyVisitor(ctx, { visitorId, name: m.name, email: m.email });
        if (client.chatId !== null) await publishChat(this.feed, { chat: 1, kind: 'chat', chat_id: client.chatId });
        return;
      case 'typing':
        if (client.chatId !== null) await publishChat(this.feed, { chat: 1, kind: 'typing', chat_id: client.chatId, who: 'visitor', typing: m.typing });
        return;
      case 'message': {
        const r = await postVisitorMessage(ctx, { visitorId, sessionId: client.sessionId, text: m.text, fileIds: m.file_ids });
        client.chatId = r.chatId;
        // A new chat is announced first, so that agents have it when its first line comes.
        if (r.opened) await publishChat(this.feed, { chat: 1, kind: 'chat', chat_id: r.chatId });
        await publishChat(this.feed, { chat: 1, kind: 'line', chat_id: r.chatId, line_id: r.messageId });
        return;
      }
      case 'end': {
        const r = await endChat(ctx, { by: 'visitor', visitorId });
        await publishChat(this.feed, { chat: 1, kind: 'line', chat_id: r.chatId, line_id: r.messageId });
        await publishChat(this.feed, { chat: 1, kind: 'chat', chat_id: r.chatId });
        return;
      }
      case 'offline_message':
        await leaveOfflineMessage(ctx, { visitorId, name: m.name, email: m.email, text: m.text });
        return this.send(client, { type: 'offline_received' });
    }
  }

  private async hello(client: VisitorClient, m: Extract<VisitorClientMessage, { type: 'hello' }>): Promise<void> {
    if (client.visitorId !== null) return this.send(client, { type: 'error', description: 'This socket has already said hello.' });
    const g = await greetVisitor(this.ctx(), { token: m.token, ip: client.ip, userAgent: client.userAgent, page: m.page });
    if (client.helloTimer) clearTimeout(client.helloTimer);
    client.visitorId = g.visitorId;
    client.sessionId = g.sessionId;
    client.chatId = g.chatId;
    let chat: Extract<VisitorServerMessage, { type: 'welcome' }>['chat'] = null;
    if (g.chatId !== null) {
      const r = await readLiveChats(this.ctx(), { chatIds: [g.chatId] });
      const row = r.chats[0];
      if (row) chat = { id: String(row.id), status: word(CHAT_STATUSES, row.status), lines: r.messages.map((line) => presentLine(r, line, 'visitor')) };
    }
    this.send(client, { type: 'welcome', token: g.token, visitor_id: String(g.visitorId), agents_online: this.online.ids().length > 0, chat });
  }

  private remove(client: VisitorClient): void {
    if (!this.clients.delete(client)) return;
    if (client.helloTimer) clearTimeout(client.helloTimer);
    this.inUse(-1);
  }

  private send(c: VisitorClient, m: VisitorServerMessage): void {
    sendTo(c.socket, m);
  }
}

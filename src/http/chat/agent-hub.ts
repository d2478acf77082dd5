import type { WebSocket } from 'ws';
import { withActor, type Actor, type Ctx } from '../../context.ts';
import type { ChangeFeed } from '../../db/change-feed.ts';
import { endChat } from '../../domain/chat/end-chat.ts';
import { joinChat } from '../../domain/chat/join-chat.ts';
import { leaveChat } from '../../domain/chat/leave-chat.ts';
import { postAgentMessage } from '../../domain/chat/post-agent-message.ts';
import { readLiveChats, type LiveChatRecords } from '../../domain/chat/read-live-chats.ts';
import { AgentClientMessageSchema, CHAT_CLOSE, type AgentClientMessage, type AgentServerMessage } from '../../shared/chat-live.ts';
import { presentLine, presentLiveChat } from '../presenters/chat-live.ts';
import type { AgentsOnline } from './agents-online.ts';
import { publishChat } from './chat-wire.ts';
import { failureText, parseFrame, refuseUnstorable, sendTo } from './socket-io.ts';

// The agents' side of live chat on one server (docs/chat.md): every connected agent sees
// every waiting and active chat, its lines as they are written, typing, and who takes chats.
// Text reaches these sockets from the chat's own rows, read by this server after another
// server (or this one) said, in ids, that a line was written; it is kept nowhere here.

/** How often a socket's caller is checked again (signed out, suspended, erased), as the live feed does. */
const RECHECK_MS = 30_000;

interface AgentClient {
  socket: WebSocket;
  actor: Actor;
  key: string;
  online: boolean;
  recheck: () => Promise<Actor | null>;
  timer: NodeJS.Timeout;
  /** Messages of this socket are handled one after another, in the order sent. */
  queue: Promise<void>;
}

export class AgentHub {
  private readonly clients = new Set<AgentClient>();
  private nextId = 1;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly online: AgentsOnline,
    private readonly ctx: () => Ctx,
    /** Told when the hub's first socket opens and its last closes. */
    private readonly inUse: (delta: 1 | -1) => void,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** Takes a new socket of an authenticated staff member; `recheck` says who they are now. */
  add(socket: WebSocket, actor: Actor, recheck: () => Promise<Actor | null>): void {
    const client: AgentClient = {
      socket,
      actor,
      key: this.online.socketKey(this.nextId++),
      online: false,
      recheck,
      timer: setInterval(() => void this.recheck(client), RECHECK_MS),
      queue: Promise.resolve(),
    };
    client.timer.unref();
    this.clients.add(client);
    this.inUse(1);
    socket.on('message', (data, isBinary) => {
      client.queue = client.queue.then(() => this.received(client, data, isBinary));
    });
    socket.on('close', () => void this.remove(client));
    socket.on('error', () => socket.terminate());
    client.queue = client.queue.then(() => this.ready(client));
  }

  /** Closes every socket (server shutdown). */
  close(): void {
    for (const c of [...this.clients]) c.socket.close(1001, 'server stopping');
  }

  /** A line was written: every agent sees it. */
  line(r: LiveChatRecords): void {
    const m = r.messages[0];
    if (m) this.broadcast({ type: 'line', line: presentLine(r, m, 'agent') });
  }

  /** A chat changed: its new state, or that it is gone from the open chats (ended). */
  chat(r: LiveChatRecords): void {
    const chat = r.chats[0];
    if (!chat) return;
    if (chat.status === 'ended') this.broadcast({ type: 'chat_gone', chat_id: String(chat.id), reason: 'ended' });
    else this.broadcast({ type: 'chat', chat: presentLiveChat(r, chat) });
  }

  /** A chat was deleted (by an admin or retention): the panes drop it. */
  deleted(chatId: number): void {
    this.broadcast({ type: 'chat_gone', chat_id: String(chatId), reason: 'deleted' });
  }

  typing(chatId: number, who: 'visitor' | number, typing: boolean): void {
    for (const c of this.clients) if (c.actor.id !== who) sendTo(c.socket, { type: 'typing', chat_id: String(chatId), who, typing } satisfies AgentServerMessage);
  }

  agentsOnline(ids: number[]): void {
    this.broadcast({ type: 'agents_online', online_agent_ids: ids });
  }

  /** Feed messages may have been missed (the database connection dropped): every agent gets a fresh `ready`. */
  resync(): void {
    for (const c of this.clients) c.queue = c.queue.then(() => this.ready(c));
  }

  /** A user changed (signed out, suspended, demoted, erased): their sockets are checked now. */
  userChanged(userId: number): void {
    for (const c of this.clients) if (c.actor.id === userId) void this.recheck(c);
  }

  private async ready(client: AgentClient): Promise<void> {
    try {
      const r = await readLiveChats(this.ctxOf(client), {});
      this.send(client, { type: 'ready', chats: r.chats.map((c) => presentLiveChat(r, c)), online_agent_ids: this.online.ids(), me_online: client.online });
    } catch (err) {
      this.send(client, { type: 'error', description: failureText(err, this.ctx().log) });
    }
  }

  private ctxOf(client: AgentClient): Ctx {
    return withActor(this.ctx(), client.actor);
  }

  private async received(client: AgentClient, data: unknown, isBinary: boolean): Promise<void> {
    const m = parseFrame(AgentClientMessageSchema, data, isBinary);
    if (!m) {
      this.send(client, { type: 'error', description: 'Not understood: messages are JSON objects of the agent chat protocol (docs/chat.md), such as {"type":"join","chat_id":"12"}.' });
      return;
    }
    try {
      await this.act(client, m);
    } catch (err) {
      this.send(client, { type: 'error', description: failureText(err, this.ctx().log) });
    }
  }

  private async act(client: AgentClient, m: AgentClientMessage): Promise<void> {
    refuseUnstorable(m);
    const ctx = this.ctxOf(client);
    switch (m.type) {
      case 'ping':
        return this.send(client, { type: 'pong' });
      case 'status':
        client.online = m.online;
        return this.online.set(client.key, client.actor.id, m.online);
      case 'typing':
        return publishChat(this.feed, { chat: 1, kind: 'typing', chat_id: Number(m.chat_id), who: client.actor.id, typing: m.typing });
      case 'join': {
        const r = await joinChat(ctx, { chatId: Number(m.chat_id) });
        return this.announce(Number(m.chat_id), r.messageId);
      }
      case 'leave': {
        const r = await leaveChat(ctx, { chatId: Number(m.chat_id) });
        return this.announce(Number(m.chat_id), r.messageId);
      }
      case 'message': {
        const r = await postAgentMessage(ctx, { chatId: Number(m.chat_id), text: m.text, fileIds: m.file_ids });
        return this.announce(Number(m.chat_id), r.messageId, r.took);
      }
      case 'end': {
        const r = await endChat(ctx, { by: 'agent', chatId: Number(m.chat_id) });
        return this.announce(r.chatId, r.messageId);
      }
    }
  }

  /** After the commit: the line, then the chat's new state (the line comes first to every server). */
  private async announce(chatId: number, lineId: number, chatChanged = true): Promise<void> {
    await publishChat(this.feed, { chat: 1, kind: 'line', chat_id: chatId, line_id: lineId });
    if (chatChanged) await publishChat(this.feed, { chat: 1, kind: 'chat', chat_id: chatId });
  }

  private async remove(client: AgentClient): Promise<void> {
    if (!this.clients.delete(client)) return;
    clearInterval(client.timer);
    this.inUse(-1);
    if (client.online) await this.online.set(client.key, client.actor.id, false).catch(() => {});
  }

  private async recheck(client: AgentClient): Promise<void> {
    const actor = await client.recheck().catch(() => client.actor);
    if (!actor || actor.role === 'end-user' || actor.id !== client.actor.id) {
      client.socket.close(CHAT_CLOSE.sessionEnded, 'session ended');
      await this.remove(client);
      return;
    }
    client.actor = actor;
  }

  private broadcast(m: AgentServerMessage): void {
    const text = JSON.stringify(m);
    for (const c of this.clients) if (c.socket.readyState === c.socket.OPEN) c.socket.send(text);
  }

  private send(c: AgentClient, m: AgentServerMessage): void {
    sendTo(c.socket, m);
  }
}

import type { PublicLimits } from '../public-limits.ts';
import type { Ctx } from '../../context.ts';
import type { Change, ChangeFeed } from '../../db/change-feed.ts';
import { readChatLine, readLiveChats } from '../../domain/chat/read-live-chats.ts';
import { AgentHub } from './agent-hub.ts';
import { AgentsOnline } from './agents-online.ts';
import { parseChatWire, type ChatWire } from './chat-wire.ts';
import { VisitorHub } from './visitor-hub.ts';
import { failureText } from './socket-io.ts';

// Live chat on one server: the visitors' hub, the agents' hub, who takes chats, and the relay
// between them and the other servers. Every action publishes ids after its commit (even to
// this server: one path for all); the relay reads the rows once per server and hands them to
// both hubs. Deleted chats and visitors are heard on the change feed, as audit events.

export class ChatHubs {
  readonly agents: AgentHub;
  readonly visitors: VisitorHub;
  private readonly online: AgentsOnline;
  private readonly stopMessages: () => void;
  private unsubscribe: (() => void) | null = null;
  private sockets = 0;
  /** Feed messages are handled one after another, so lines reach sockets in the order written. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly feed: ChangeFeed,
    limits: PublicLimits,
    private readonly ctx: () => Ctx,
    now: () => Date,
  ) {
    const inUse = (delta: 1 | -1) => this.inUse(delta);
    this.online = new AgentsOnline(feed, () => now().getTime(), (ids) => {
      this.agents.agentsOnline(ids);
      this.visitors.agentsOnline(ids);
    });
    this.agents = new AgentHub(feed, this.online, ctx, inUse);
    this.visitors = new VisitorHub(feed, this.online, limits, ctx, inUse);
    this.stopMessages = feed.onMessage((text) => {
      const m = parseChatWire(text);
      if (m && m.kind !== 'agent' && m.kind !== 'roll') this.queue = this.queue.then(() => this.relay(m));
    });
  }

  /** Closes every socket and stops listening (server shutdown). */
  close(): void {
    this.agents.close();
    this.visitors.close();
    this.online.close();
    this.stopMessages();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private async relay(m: ChatWire): Promise<void> {
    // A server with no chat socket has nobody to tell.
    if (!this.sockets) return;
    try {
      if (m.kind === 'typing') {
        this.agents.typing(m.chat_id, m.who, m.typing);
        this.visitors.typing(m.chat_id, m.who, m.typing);
      } else if (m.kind === 'line') {
        const r = await readChatLine(this.ctx(), { messageId: m.line_id });
        if (!r) return;
        this.agents.line(r);
        this.visitors.line(r);
      } else if (m.kind === 'chat') {
        const r = await readLiveChats(this.ctx(), { chatIds: [m.chat_id] });
        if (!r.chats.length) return;
        this.agents.chat(r);
        this.visitors.chat(r);
      }
    } catch (err) {
      failureText(err, this.ctx().log);
    }
  }

  /** Audit events that concern open sockets: a chat or a visitor deleted, a user changed. */
  private heard(c: Change): void {
    if (c.kind !== 'event' || c.subject_id === null) return;
    if (c.subject_type === 'chat' && (c.action === 'chat.deleted' || c.action === 'chat.erased')) {
      this.agents.deleted(c.subject_id);
      this.visitors.deleted(c.subject_id);
    } else if (c.subject_type === 'visitor' && (c.action === 'visitor.deleted' || c.action === 'visitor.erased')) {
      this.visitors.visitorGone(c.subject_id);
    } else if (c.subject_type === 'user') {
      this.agents.userChanged(c.subject_id);
    }
  }

  /** The change feed is listened to while at least one chat socket is open. */
  private inUse(delta: 1 | -1): void {
    this.sockets += delta;
    if (this.sockets > 0 && !this.unsubscribe) this.unsubscribe = this.feed.subscribe({ change: (c) => this.heard(c), gap: () => this.agents.resync() });
    if (this.sockets === 0 && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = null;
    }
  }
}

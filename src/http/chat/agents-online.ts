import { randomBytes } from 'node:crypto';
import type { ChangeFeed } from '../../db/change-feed.ts';
import { parseChatWire, publishChat } from './chat-wire.ts';

// Which agents take chats, across every server on the database (as the live feed shares
// presence, src/http/live/presence.ts): each online agent socket is a heartbeat on the feed,
// kept in memory and forgotten when not repeated. Only a user id and a flag travel.

/** How often each server repeats its online agents. */
export const AGENT_HEARTBEAT_MS = 20_000;
const EXPIRE_MS = AGENT_HEARTBEAT_MS * 2.5;

/** The online agents of every server, as this server hears them. */
export class AgentsOnline {
  private readonly entries = new Map<string, { user_id: number; expires: number }>();
  /** This server's own online sockets: key → user id. */
  private readonly mine = new Map<string, number>();
  private readonly server = randomBytes(6).toString('hex');
  private readonly stop: () => void;
  private readonly beat: NodeJS.Timeout;
  private last = '';

  constructor(
    private readonly feed: ChangeFeed,
    private readonly now: () => number,
    /** Called when the set of online agents changed. */
    private readonly changed: (userIds: number[]) => void,
  ) {
    this.stop = feed.onMessage((text) => this.receive(text));
    this.beat = setInterval(() => {
      this.expire();
      void this.repeat();
    }, AGENT_HEARTBEAT_MS / 2);
    this.beat.unref();
    void publishChat(feed, { chat: 1, kind: 'roll' }).catch(() => {});
  }

  /** A key for one socket of this server. */
  socketKey(socketId: number): string {
    return `${this.server}:${socketId}`;
  }

  /** A socket of this server takes chats, or stops (closed: online false). */
  async set(key: string, userId: number, online: boolean): Promise<void> {
    if (online) this.mine.set(key, userId);
    else this.mine.delete(key);
    await publishChat(this.feed, { chat: 1, kind: 'agent', key, user_id: userId, online });
  }

  /** The online agents' ids, ascending. */
  ids(): number[] {
    return [...new Set([...this.entries.values()].map((e) => e.user_id))].sort((a, b) => a - b);
  }

  close(): void {
    this.stop();
    clearInterval(this.beat);
    this.entries.clear();
    this.mine.clear();
  }

  private async repeat(): Promise<void> {
    for (const [key, user_id] of this.mine) await publishChat(this.feed, { chat: 1, kind: 'agent', key, user_id, online: true }).catch(() => {});
  }

  private receive(text: string): void {
    const m = parseChatWire(text);
    if (!m) return;
    if (m.kind === 'roll') return void this.repeat();
    if (m.kind !== 'agent') return;
    if (m.online) this.entries.set(m.key, { user_id: m.user_id, expires: this.now() + EXPIRE_MS });
    else this.entries.delete(m.key);
    this.announce();
  }

  private expire(): void {
    const now = this.now();
    for (const [key, e] of this.entries) if (e.expires <= now) this.entries.delete(key);
    this.announce();
  }

  /** Tells the hubs when the set changed (a heartbeat that changes nothing is not news). */
  private announce(): void {
    const ids = this.ids();
    const text = ids.join(',');
    if (text === this.last) return;
    this.last = text;
    this.changed(ids);
  }
}

import type { WebSocket } from 'ws';
import type { Actor } from '../../context.ts';
import type { Change, ChangeFeed } from '../../db/change-feed.ts';
import { LIVE_CLOSE, LiveClientMessageSchema, type LiveChange, type LiveServerMessage, type PresenceAgent } from '../../shared/live.ts';
import { Presence } from './presence.ts';

// The live feed of one server (docs/live.md): every connected agent hears, within a fraction
// of a second, that a ticket or a record changed — whoever changed it, on whichever server —
// and who else is on the ticket they have open. Messages carry ids and action names only:
// nothing a person wrote crosses this channel, so there is nothing of hers to forget in it.

/** Changes heard within this window go out as one message. */
const BATCH_MS = 100;
/** A batch this large (a bulk job) is sent as "read everything afresh" instead. */
const RESYNC_OVER = 200;
/** How often a socket's caller is checked again (signed out, suspended, erased). */
const RECHECK_MS = 30_000;

/** Frames above this close the socket (docs/live.md). */
const LIVE_FRAME_MAX = 4096;

function frameSize(data: Buffer | ArrayBuffer | Buffer[]): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
}

interface Client {
  socket: WebSocket;
  actor: Actor;
  key: string;
  ticketId: number | null;
  recheck: () => Promise<Actor | null>;
  timer: NodeJS.Timeout;
}

function toWire(c: Change): LiveChange {
  return c.kind === 'ticket'
    ? { kind: 'ticket', ticket_id: c.ticket_id, author_id: c.author_id }
    : { kind: 'event', action: c.action, subject_type: c.subject_type, subject_id: c.subject_id };
}

export class LiveHub {
  private readonly clients = new Set<Client>();
  private readonly presence: Presence;
  private pending: LiveChange[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private nextId = 1;

  constructor(
    private readonly feed: ChangeFeed,
    now: () => Date,
  ) {
    this.presence = new Presence(feed, () => now().getTime(), (ticketId, agents) => this.presenceChanged(ticketId, agents));
  }

  /** Takes a new socket of an authenticated staff member; `recheck` says who they are now. */
  add(socket: WebSocket, actor: Actor, recheck: () => Promise<Actor | null>): void {
    const key = this.presence.socketKey(this.nextId++);
    const client: Client = { socket, actor, key, ticketId: null, recheck, timer: setInterval(() => void this.recheck(client), RECHECK_MS) };
    client.timer.unref();
    this.clients.add(client);
    if (!this.unsubscribe) this.unsubscribe = this.feed.subscribe({ change: (c) => this.heard(c), gap: () => this.broadcast({ type: 'resync' }) });
    socket.on('message', (data, isBinary) => {
      // The server takes chat-sized frames (app.ts); the feed's own messages are small.
      if (frameSize(data) > LIVE_FRAME_MAX) return socket.close(1009, 'frame too large');
      void this.received(client, isBinary ? null : data.toString());
    });
    socket.on('close', () => void this.remove(client));
    socket.on('error', () => socket.terminate());
    this.send(client, { type: 'ready', presence: this.presence.snapshot() });
  }

  /** Closes every socket (server shutdown). */
  async close(): Promise<void> {
    for (const c of [...this.clients]) c.socket.close(1001, 'server stopping');
    this.presence.close();
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  private async received(client: Client, text: string | null): Promise<void> {
    let parsed: unknown;
    try {
      parsed = text === null ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    const m = LiveClientMessageSchema.safeParse(parsed);
    if (!m.success) {
      this.send(client, { type: 'error', description: 'Messages are JSON: {"type":"presence","ticket_id":<id or null>,"state":"viewing"|"replying"} or {"type":"ping"}.' });
      return;
    }
    if (m.data.type === 'ping') return this.send(client, { type: 'pong' });
    client.ticketId = m.data.ticket_id;
    await this.presence.announce(client.key, client.actor.id, m.data.ticket_id, m.data.state).catch(() => {});
  }

  private async remove(client: Client): Promise<void> {
    if (!this.clients.delete(client)) return;
    clearInterval(client.timer);
    if (client.ticketId !== null) await this.presence.announce(client.key, client.actor.id, null).catch(() => {});
    if (!this.clients.size && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = null;
    }
  }

  private async recheck(client: Client): Promise<void> {
    const actor = await client.recheck().catch(() => client.actor);
    if (!actor || actor.role === 'end-user' || actor.id !== client.actor.id) {
      client.socket.close(LIVE_CLOSE.sessionEnded, 'session ended');
      await this.remove(client);
      return;
    }
    client.actor = actor;
  }

  private heard(c: Change): void {
    // Signed out, suspended, demoted, deleted, erased: that person's sockets are checked now,
    // not at the next round.
    if (c.kind === 'event' && c.subject_type === 'user') {
      for (const client of this.clients) if (client.actor.id === c.subject_id) void this.recheck(client);
    }
    this.pending.push(toWire(c));
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.flushTimer = null;
    const changes = this.pending;
    this.pending = [];
    if (!changes.length) return;
    this.broadcast(changes.length > RESYNC_OVER ? { type: 'resync' } : { type: 'changes', changes });
  }

  private presenceChanged(ticketId: number, agents: PresenceAgent[]): void {
    this.broadcast({ type: 'presence', ticket_id: ticketId, agents });
  }

  private broadcast(m: LiveServerMessage): void {
    const text = JSON.stringify(m);
    for (const c of this.clients) if (c.socket.readyState === c.socket.OPEN) c.socket.send(text);
  }

  private send(c: Client, m: LiveServerMessage): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(m));
  }
}

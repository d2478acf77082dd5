import { randomBytes } from 'node:crypto';
import type { ChangeFeed } from '../../db/change-feed.ts';
import { PRESENCE_HEARTBEAT_MS, PRESENCE_STATES, type PresenceAgent, type PresenceState } from '../../shared/live.ts';

// Who is on which ticket, across every server on the database. Each tab's presence is a
// message on the feed (never stored: it lives in memory and is gone within a minute of the
// tab), keyed by server and socket, repeated by the tab as a heartbeat and forgotten when
// not repeated. Only ids and a state word travel.

const EXPIRE_MS = PRESENCE_HEARTBEAT_MS * 2.5;

interface Entry {
  user_id: number;
  ticket_id: number;
  state: PresenceState;
  expires: number;
}

interface Wire {
  p: 1;
  key: string;
  user_id: number;
  ticket_id: number | null;
  state?: PresenceState;
}

function parse(message: string): Wire | null {
  try {
    const m = JSON.parse(message) as Partial<Wire>;
    if (m.p !== 1 || typeof m.key !== 'string' || !Number.isInteger(m.user_id)) return null;
    if (m.ticket_id !== null && !Number.isInteger(m.ticket_id)) return null;
    if (m.state !== undefined && !PRESENCE_STATES.includes(m.state)) return null;
    return m as Wire;
  } catch {
    return null;
  }
}

/** The presence table of one server, fed by every server's sockets. */
export class Presence {
  private readonly entries = new Map<string, Entry>();
  private readonly server = randomBytes(6).toString('hex');
  private readonly stop: () => void;
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly now: () => number,
    /** Called with a ticket whose set of agents changed. */
    private readonly changed: (ticketId: number, agents: PresenceAgent[]) => void,
  ) {
    this.stop = feed.onMessage((m) => this.receive(m));
    this.sweep = setInterval(() => this.expire(), PRESENCE_HEARTBEAT_MS / 2);
    this.sweep.unref();
  }

  /** A key for one socket of this server. */
  socketKey(socketId: number): string {
    return `${this.server}:${socketId}`;
  }

  /** Announces where a socket is (ticket null: nowhere) to every server. */
  async announce(key: string, userId: number, ticketId: number | null, state: PresenceState = 'viewing'): Promise<void> {
    const wire: Wire = { p: 1, key, user_id: userId, ticket_id: ticketId, ...(ticketId !== null ? { state } : {}) };
    await this.feed.publish(JSON.stringify(wire));
  }

  /** The agents on each ticket that has any, for a socket that just connected. */
  snapshot(): { ticket_id: number; agents: PresenceAgent[] }[] {
    const tickets = new Set([...this.entries.values()].map((e) => e.ticket_id));
    return [...tickets].map((ticket_id) => ({ ticket_id, agents: this.agents(ticket_id) }));
  }

  /** The agents on a ticket, one entry per person ('replying' wins over 'viewing'). */
  agents(ticketId: number): PresenceAgent[] {
    const byUser = new Map<number, PresenceState>();
    for (const e of this.entries.values()) {
      if (e.ticket_id !== ticketId) continue;
      if (byUser.get(e.user_id) !== 'replying') byUser.set(e.user_id, e.state);
    }
    return [...byUser].map(([user_id, state]) => ({ user_id, state })).sort((a, b) => a.user_id - b.user_id);
  }

  close(): void {
    this.stop();
    clearInterval(this.sweep);
    this.entries.clear();
  }

  private receive(message: string): void {
    const m = parse(message);
    if (!m) return;
    const before = this.entries.get(m.key);
    const touched = new Set<number>();
    if (before) touched.add(before.ticket_id);
    if (m.ticket_id === null) this.entries.delete(m.key);
    else {
      this.entries.set(m.key, { user_id: m.user_id, ticket_id: m.ticket_id, state: m.state ?? 'viewing', expires: this.now() + EXPIRE_MS });
      touched.add(m.ticket_id);
    }
    // A heartbeat that changes nothing is not news.
    if (before && m.ticket_id === before.ticket_id && (m.state ?? 'viewing') === before.state) return;
    for (const t of touched) this.changed(t, this.agents(t));
  }

  private expire(): void {
    const now = this.now();
    const touched = new Set<number>();
    for (const [key, e] of this.entries) {
      if (e.expires > now) continue;
      this.entries.delete(key);
      touched.add(e.ticket_id);
    }
    for (const t of touched) this.changed(t, this.agents(t));
  }
}

import pg from 'pg';
import type { Change, ChangeFeed, ChangeListener } from '../change-feed.ts';

// PostgreSQL announces each committed ticket audit and audit event itself (triggers of
// migration 2026-12-01-010 call pg_notify, delivered at commit, in commit order), so every
// server on the database hears every change, whoever wrote it. One connection per server
// listens, opened when the first listener arrives; if it drops, listeners are told of a
// gap (they read afresh) and it reconnects.

const RETRY_MS = [250, 1000, 5000];

/** Channel names for this schema (the triggers use `current_schema()`). */
function channels(schema: string) {
  return { changes: `oubli_changes_${schema}`, messages: `oubli_messages_${schema}` };
}

/** The change feed of a PostgreSQL database. */
export function postgresChangeFeed(url: string, schema = 'public'): ChangeFeed {
  const { changes, messages } = channels(schema);
  const listeners = new Set<ChangeListener>();
  const messageFns = new Set<(m: string) => void>();
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;
  let attempt = 0;

  function wanted() {
    return !closed && (listeners.size > 0 || messageFns.size > 0);
  }

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url });
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    c.on('notification', (n) => {
      if (n.channel === changes && n.payload) {
        let change: Change;
        try {
          change = JSON.parse(n.payload) as Change;
        } catch {
          return;
        }
        for (const l of listeners) l.change(change);
      } else if (n.channel === messages && n.payload !== undefined) {
        for (const fn of messageFns) fn(n.payload);
      }
    });
    await c.connect();
    await c.query(`listen "${changes}"`);
    await c.query(`listen "${messages}"`);
    client = c;
    attempt = 0;
  }

  function lost(c: pg.Client) {
    if (client !== c) return;
    client = null;
    c.removeAllListeners('notification');
    void c.end().catch(() => {});
    for (const l of listeners) l.gap();
    if (wanted()) setTimeout(ensure, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]).unref();
  }

  function ensure(): void {
    if (client || connecting || !wanted()) return;
    connecting = connect()
      .catch(() => {
        if (wanted()) setTimeout(ensure, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]).unref();
      })
      .finally(() => (connecting = null));
  }

  async function stopIfIdle() {
    if (wanted() || !client) return;
    const c = client;
    client = null;
    await c.end().catch(() => {});
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      ensure();
      return () => {
        listeners.delete(listener);
        void stopIfIdle();
      };
    },
    async publish(message) {
      // Any connection will do; the listening one is at hand when there is one.
      const c = client ?? new pg.Client({ connectionString: url });
      const own = c !== client;
      try {
        if (own) await c.connect();
        await c.query('select pg_notify($1, $2)', [messages, message]);
      } finally {
        if (own) await c.end().catch(() => {});
      }
    },
    onMessage(fn) {
      messageFns.add(fn);
      ensure();
      return () => {
        messageFns.delete(fn);
        void stopIfIdle();
      };
    },
    async close() {
      closed = true;
      listeners.clear();
      messageFns.clear();
      await connecting;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { Change, ChangeFeed, ChangeListener } from '../change-feed.ts';
import { eventChangesAfter, latestChangeIds, ticketChangesAfter } from '../queries/changes.ts';

// SQLite serializes writers (BEGIN IMMEDIATE) and its ids never go back (AUTOINCREMENT),
// so reading the audit tables by id after a cursor sees every commit, in order, whichever
// process wrote it (the server, a CLI command beside it). Messages stay in this process:
// an embedded database has one server.

const BATCH = 500;

/** The change feed of an embedded database: polls while someone listens. */
export function sqliteChangeFeed(db: Kysely<Database>, pollMs = 250): ChangeFeed {
  const listeners = new Set<ChangeListener>();
  const messages = new EventEmitter();
  let cursor: { audit: number; event: number } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling = false;

  async function poll(): Promise<void> {
    if (polling || !listeners.size) return;
    polling = true;
    try {
      if (!cursor) cursor = await latestChangeIds(db);
      for (;;) {
        const audits = await ticketChangesAfter(db, cursor.audit, BATCH);
        const events = await eventChangesAfter(db, cursor.event, BATCH);
        const all: Change[] = [...audits, ...events];
        if (audits.length) cursor.audit = audits[audits.length - 1]!.id;
        if (events.length) cursor.event = events[events.length - 1]!.id;
        for (const c of all) for (const l of listeners) l.change(c);
        if (audits.length < BATCH && events.length < BATCH) break;
      }
    } catch {
      // A busy or closing database: the next poll reads from the same cursor.
    } finally {
      polling = false;
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!timer) {
        timer = setInterval(() => void poll(), pollMs);
        timer.unref();
        void poll();
      }
      return () => {
        listeners.delete(listener);
        if (!listeners.size && timer) {
          clearInterval(timer);
          timer = null;
          cursor = null;
        }
      };
    },
    async publish(message) {
      messages.emit('message', message);
    },
    onMessage(fn) {
      messages.on('message', fn);
      return () => messages.off('message', fn);
    },
    async close() {
      if (timer) clearInterval(timer);
      timer = null;
      listeners.clear();
      messages.removeAllListeners();
    },
  };
}

import type SQLite from 'better-sqlite3';

// Kysely's SQLite driver prepares every statement afresh (`prepare(sql)` for each query):
// with ~25 statements a mail and ~19 a ticket erased, preparation was a tenth of the time
// (BENCHMARKS.md). Handing the driver this wrapper instead of the database keeps each
// statement prepared once per SQL text. Query texts are fixed by the code (values are bound,
// id lists are one JSON value: DialectCaps.idsIn), so the set is small; the bound keeps a
// text built from data from growing it without end. A statement keeps no bound values after
// it has run (better-sqlite3 binds them for the call only), so the cache holds no personal data.

/** How many prepared statements are kept, least recently used first out. */
export const STATEMENT_CACHE_SIZE = 1_000;

/** What Kysely's SqliteDialect needs of a database: `prepare` and `close`. */
export type PreparingDatabase = Pick<SQLite.Database, 'prepare' | 'close'>;

/** The database with `prepare` answered from a cache of prepared statements by SQL text. */
export function cachingStatements(raw: SQLite.Database, size = STATEMENT_CACHE_SIZE): PreparingDatabase & { cached(): number } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(source: string) {
      const hit = cache.get(source);
      // A statement in the middle of an iteration cannot run again: that caller gets a new one.
      if (hit && !hit.busy) {
        cache.delete(source);
        cache.set(source, hit);
        return hit;
      }
      const stmt = raw.prepare(source);
      if (!hit) {
        cache.set(source, stmt);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
    close() {
      cache.clear();
      return raw.close();
    },
    cached: () => cache.size,
  } as PreparingDatabase & { cached(): number };
}

import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

// Kysely's PostgreSQL driver sends every statement unnamed, so the server parses and plans
// it afresh each time: about 30 statements a new ticket, each a Parse message. Handing the
// driver this pool instead of pg's own names each statement by a hash of its text, so pg
// prepares it once per connection and afterwards sends only Bind and Execute. Which texts:
// reads and writes (never DDL, transaction control or settings, whose effect a prepared
// statement would freeze), with at most MAX_VALUES bound values (an `in (…)` list of data
// makes a new text for every length), and at most MAX_NAMED of them per connection: the
// texts are fixed by the code, so the first ones a connection meets are the hot ones. A
// prepared statement holds no values (they are bound per execution), so no personal data.

/** Statements kept prepared on one connection; beyond them, texts go unnamed. */
export const MAX_NAMED = 200;
/** More bound values than this, and the text is a list of data: sent unnamed. */
export const MAX_VALUES = 40;

const NAMEABLE = /^\s*(select|insert|update|delete|with)\b/i;
/** "cached plan must not change result type": a table the statement reads changed shape. */
const PLAN_CHANGED = '0A000';

type Query = (text: unknown, values?: readonly unknown[]) => Promise<pg.QueryResult>;

/** A pg client whose statements are named (prepared once) where that is safe. */
class NamingClient implements PostgresPoolClient {
  readonly #client: pg.PoolClient;
  /** Names this connection has prepared; a name whose plan went stale is never used again. */
  readonly #named = new Set<string>();
  readonly #stale = new Set<string>();
  /** A schema change made a prepared statement stale: the connection is closed when released, dropping all of them. */
  #discard = false;
  /** Between begin and commit or rollback: a failed statement has aborted the transaction. */
  #inTransaction = false;
  readonly #names: Names;

  constructor(client: pg.PoolClient, names: Names) {
    this.#client = client;
    this.#names = names;
  }

  // Kysely's type: a text and values give a promise of the result, a cursor gives the cursor.
  readonly query = ((text: unknown, values?: readonly unknown[]) => this.#query(text, values)) as PostgresPoolClient['query'];

  #query(text: unknown, values?: readonly unknown[]): unknown {
    const query = this.#client.query.bind(this.#client) as Query;
    if (typeof text !== 'string') return query(text); // a cursor
    this.#noteTransaction(text);
    const name = this.#nameFor(text, values ?? []);
    if (name === null) return query(text, values);
    this.#named.add(name);
    return query({ name, text, values }).catch((err: unknown) => {
      if ((err as { code?: string }).code !== PLAN_CHANGED) throw err;
      this.#stale.add(name);
      this.#discard = true;
      // Outside a transaction nothing was aborted: the same statement again, unprepared.
      // Inside one, the transaction is lost and the caller hears of it.
      if (this.#inTransaction) throw err;
      return query(text, values);
    });
  }

  #noteTransaction(text: string): void {
    if (/^\s*(begin|start transaction)\b/i.test(text)) this.#inTransaction = true;
    else if (/^\s*(commit|rollback|end)\b/i.test(text)) this.#inTransaction = false;
  }

  #nameFor(text: string, values: readonly unknown[]): string | null {
    if (values.length > MAX_VALUES || !NAMEABLE.test(text)) return null;
    const name = this.#names(text);
    if (this.#stale.has(name)) return null;
    if (!this.#named.has(name) && this.#named.size >= MAX_NAMED) return null;
    return name;
  }

  release(): void {
    const discard = this.#discard;
    this.#discard = false;
    // pg forgets a destroyed client; the pool opens a new one, with no statements prepared.
    this.#client.release(discard || undefined);
  }
}

type Names = (text: string) => string;

/** A statement's name, the hash of its text, computed once per text for all the pool's connections. */
function names(): Names {
  const known = new Map<string, string>();
  return (text) => {
    let name = known.get(text);
    if (name === undefined) {
      name = `k${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
      // Texts are the code's own, but a list of up to MAX_VALUES values makes one per length: bounded.
      if (known.size >= MAX_NAMED * 10) known.clear();
      known.set(text, name);
    }
    return name;
  };
}

/** pg's pool, its clients naming their statements (the pool Kysely's PostgresDialect is given). */
export function namingStatements(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, NamingClient>();
  const nameOf = names();
  return {
    async connect() {
      const client = await pool.connect();
      let named = clients.get(client);
      if (!named) {
        // pg's pool listens for errors of idle clients only: a connection the server ends
        // while it is checked out (a restart, pg_terminate_backend, DROP DATABASE … FORCE)
        // emits 'error' with no listener, and that is an uncaught exception that stops the
        // process. Its query fails with the same error, and the pool drops it on release.
        client.on('error', () => {});
        named = new NamingClient(client, nameOf);
        clients.set(client, named);
      }
      return named;
    },
    end: () => pool.end(),
  };
}

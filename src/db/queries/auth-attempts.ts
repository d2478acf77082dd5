import { sql, type Kysely } from 'kysely';
import type { AuthAttemptScope, Database } from '../schema.ts';

// The password limit's counters (migration 2026-12-01-001). Each change is one statement on
// one row, so two servers counting the same key at once never lose a count and never wait
// on each other's locks in a different order.

export interface AttemptCounter {
  scope: AuthAttemptScope;
  keyHash: string;
  windowStart: string;
  expiresAt: string;
}

/** Adds one to a counter, creating it at 1 for a new window; returns the new count. */
export async function incrementAttempts(db: Kysely<Database>, c: AttemptCounter): Promise<number> {
  const row = await db
    .insertInto('auth_attempts')
    .values({ scope: c.scope, key_hash: c.keyHash, window_start: c.windowStart, count: 1, expires_at: c.expiresAt })
    .onConflict((oc) =>
      oc.columns(['scope', 'key_hash', 'window_start']).doUpdateSet({ count: sql<number>`auth_attempts.count + 1` }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Takes one back from a counter (an attempt that turned out not to be a wrong password). */
export async function decrementAttempts(db: Kysely<Database>, c: AttemptCounter): Promise<void> {
  await db
    .updateTable('auth_attempts')
    .set({ count: sql<number>`count - 1` })
    .where('scope', '=', c.scope)
    .where('key_hash', '=', c.keyHash)
    .where('window_start', '=', c.windowStart)
    .where('count', '>', 0)
    .execute();
}

/** Deletes the counters of windows that are over. */
export async function deleteExpiredAttempts(db: Kysely<Database>, now: string): Promise<number> {
  const r = await db.deleteFrom('auth_attempts').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * The stored secret called `name`, storing `candidate` first when there is none. Servers
 * starting together all end up with the one value that was stored first.
 */
export async function secretNamed(db: Kysely<Database>, name: string, candidate: string, now: string): Promise<string> {
  await db
    .insertInto('server_secrets')
    .values({ name, value: candidate, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}

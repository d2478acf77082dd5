import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { erasureMap, NOW } from '../src/domain/erasure/map/index.ts';

// The floor of an erasure (issue 15): the end state `eraseContact` leaves for a contact made
// by bench/generate.ts (a user, an email identity, tickets with comments, their report facts),
// written by hand as one transaction of set-based statements, with the full-text triggers
// in place so that the floor pays the same index cost. No checks, no batches, no audit of
// who may: what the database itself must do, and nothing else. test/bench-floor.test.ts
// erases one twin each way and compares the two end states.

function scrubSql(table: 'tickets' | 'users', now: string) {
  const scrub = erasureMap[table]!.tombstone!.scrub;
  return sql.join(Object.entries(scrub).map(([col, v]) => sql`${sql.ref(col)} = ${v === NOW ? now : v}`));
}

/** Erases a deleted contact (and their requested tickets) in one transaction, by hand. */
export async function floorErase(db: Kysely<Database>, userId: number, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const theirs = sql`select id from tickets where requester_id = ${userId}`;
    await sql`delete from comments where ticket_id in (${theirs})`.execute(trx);
    await sql`update ticket_facts set erased_at = ${now}, updated_at = ${now} where ticket_id in (${theirs})`.execute(trx);
    await sql`update tickets set ${scrubSql('tickets', now)} where requester_id = ${userId} and erased_at is null`.execute(trx);
    await sql`delete from identities where user_id = ${userId}`.execute(trx);
    await sql`update users set ${scrubSql('users', now)} where id = ${userId}`.execute(trx);
    await sql`insert into audit_events (actor_id, action, subject_type, subject_id, details, created_at) values (null, 'user.erased', 'user', ${userId}, '{}', ${now})`.execute(trx);
  });
}

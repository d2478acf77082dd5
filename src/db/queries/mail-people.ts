import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// Who a stored message names (raw_message_people, migration 2026-12-01-003) and the CCs
// incoming mail adds to a ticket.

/** The live users holding these email keys (released addresses belong to nobody now). */
export async function holdersOfEmailKeys(db: Kysely<Database>, keys: string[]): Promise<number[]> {
  if (!keys.length) return [];
  const rows = await db
    .selectFrom('identities')
    .innerJoin('users', 'users.id', 'identities.user_id')
    .select('users.id')
    .distinct()
    .where('identities.type', '=', 'email')
    .where('identities.value_key', 'in', keys)
    .where('identities.released', '=', 0)
    .where('users.erased_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Records that a stored message names these users (a second record of the same pair changes nothing). */
export async function linkRawMessagePeople(db: Kysely<Database>, rawMessageId: number, userIds: number[]): Promise<void> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  await db
    .insertInto('raw_message_people')
    .values(ids.map((user_id) => ({ raw_message_id: rawMessageId, user_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Adds CCs to a ticket, keeping those it has. */
export async function addCollaborators(db: Kysely<Database>, ticketId: number, userIds: number[]): Promise<void> {
  if (!userIds.length) return;
  await db
    .insertInto('ticket_collaborators')
    .values(userIds.map((user_id) => ({ ticket_id: ticketId, user_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

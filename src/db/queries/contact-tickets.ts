import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { syncTicketFacts, ticketIdsOfRequester } from './reports-facts.ts';

// A contact's requested tickets follow them into Deleted contacts and back (docs/lifecycle.md).

/**
 * Moves every active ticket this user requested to Spam, remembering that the deletion
 * moved it (tickets already in Spam or Deleted stay as they are). Returns how many moved.
 */
export async function moveRequestedTicketsToSpam(
  db: Kysely<Database>,
  userId: number,
  now: string,
  actorId: number | null,
): Promise<number> {
  const r = await db
    .updateTable('tickets')
    .set({ state: 'spam', spam_cause: 'contact_deleted', state_changed_at: now, state_actor_id: actorId, updated_at: now })
    .where('requester_id', '=', userId)
    .where('state', '=', 'active')
    .executeTakeFirst();
  // The report facts follow in the same transaction (docs/reports.md).
  if (Number(r.numUpdatedRows)) await syncTicketFacts(db, await ticketIdsOfRequester(db, userId));
  return Number(r.numUpdatedRows);
}

/**
 * Brings back exactly the tickets the contact's deletion moved to Spam; tickets an agent
 * marked as spam stay there. Their status was kept all along. Returns how many came back.
 */
export async function restoreContactDeletedTickets(db: Kysely<Database>, userId: number, now: string): Promise<number> {
  const r = await db
    .updateTable('tickets')
    .set({ state: 'active', spam_cause: null, state_changed_at: null, state_actor_id: null, updated_at: now })
    .where('requester_id', '=', userId)
    .where('state', '=', 'spam')
    .where('spam_cause', '=', 'contact_deleted')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows)) await syncTicketFacts(db, await ticketIdsOfRequester(db, userId));
  return Number(r.numUpdatedRows);
}

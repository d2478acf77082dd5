import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { erDb } from './erasure-requests.ts';

// What an erasure request reads beyond the full-text indexes (issue 9, item 5): tickets'
// tags and custom fields, organizations, the profiles of the other members of the person's
// organizations. None of these is indexed, so each is read in bounded ranges of ids and the
// terms are confirmed in the text itself (domain/erasure-requests/match-kinds.ts).

/** Tags of tickets with ids in (after, upTo], on tickets the person did not request, not erased. */
export async function ticketTagsIn(db: Kysely<Database>, userId: number, after: number, upTo: number) {
  return db
    .selectFrom('ticket_tags')
    .innerJoin('tickets', 'tickets.id', 'ticket_tags.ticket_id')
    .select(['ticket_tags.ticket_id', 'ticket_tags.tag', 'tickets.state', 'tickets.status'])
    .where('ticket_tags.ticket_id', '>', after)
    .where('ticket_tags.ticket_id', '<=', upTo)
    .where('tickets.requester_id', '<>', userId)
    .where('tickets.state', '<>', 'erased')
    .orderBy('ticket_tags.ticket_id')
    .orderBy('ticket_tags.tag')
    .execute();
}

/** Custom field values (JSON) of tickets with ids in (after, upTo], the person's own and erased ones aside. */
export async function customFieldsIn(db: Kysely<Database>, userId: number, after: number, upTo: number) {
  return db
    .selectFrom('tickets')
    .select(['id', 'custom_fields', 'state', 'status'])
    .where('id', '>', after)
    .where('id', '<=', upTo)
    .where('custom_fields', 'is not', null)
    .where('requester_id', '<>', userId)
    .where('state', '<>', 'erased')
    .orderBy('id')
    .execute();
}

/** Organizations after `afterId`, ascending, with the texts that may name a person. */
export async function organizationsAfter(db: Kysely<Database>, afterId: number, limit: number) {
  return db.selectFrom('organizations').select(['id', 'name', 'notes', 'details']).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

/** The ids of the other members of the person's organizations (not erased), after `afterId`. */
export async function peerIdsAfter(db: Kysely<Database>, userId: number, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', '>', afterId)
    .where('id', '<>', userId)
    .where('erased_at', 'is', null)
    .where('id', 'in', (q) =>
      q
        .selectFrom('organization_memberships as theirs')
        .innerJoin('organization_memberships as peer', 'peer.organization_id', 'theirs.organization_id')
        .select('peer.user_id')
        .where('theirs.user_id', '=', userId),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The profile texts of these users (not erased). */
export async function profilesOf(db: Kysely<Database>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('users').select(['id', 'notes', 'details', 'user_fields']).where('id', 'in', ids).where('erased_at', 'is', null).orderBy('id').execute();
}

/** Takes these tags off the ticket; how many went. */
export async function removeTicketTags(db: Kysely<Database>, ticketId: number, tags: string[]): Promise<number> {
  if (!tags.length) return 0;
  const r = await db.deleteFrom('ticket_tags').where('ticket_id', '=', ticketId).where('tag', 'in', tags).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The places of one location the agent rejected, as `source_id|field` (verification leaves them out). */
export async function rejectedPlaces(db: Kysely<Database>, requestId: number, location: string): Promise<Set<string>> {
  const rows = await erDb(db)
    .selectFrom('erasure_request_matches')
    .select(['source_id', 'field'])
    .where('request_id', '=', requestId)
    .where('location', '=', location)
    .where('decision', '=', 'reject')
    .execute();
  return new Set(rows.map((r) => `${r.source_id}|${r.field}`));
}

/** Deletes an organization's matches (with the organization: a snippet does not outlive its source). */
export async function deleteOrganizationMatches(db: Kysely<Database>, organizationId: number): Promise<void> {
  await erDb(db).deleteFrom('erasure_request_matches').where('organization_id', '=', organizationId).execute();
}

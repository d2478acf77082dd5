import { sql, type Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
// Erasure requests search beyond tickets' text (issue 9, item 5): a ticket's tags and custom
// fields, organizations (name, notes, details) and the profiles of the other members of the
// person's organizations. A match in an organization or a profile belongs to no ticket, so
// `ticket_id` may be NULL; it points at the organization or the user instead, and `field`
// says which part of the place it is (a custom field's id, `notes`, `user_fields.<key>`…).
// Fates: src/domain/erasure/map/erasure-requests.ts.

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  await caps.dropNotNull(db, 'erasure_request_matches', 'ticket_id');
  await db.schema.alterTable('erasure_request_matches').addColumn('organization_id', 'integer').execute();
  await db.schema.alterTable('erasure_request_matches').addColumn('profile_user_id', 'integer').execute();
  // '' for places that are whole (a comment, a ticket's tags): one match per term and place.
  await db.schema.alterTable('erasure_request_matches').addColumn('field', 'text', (c) => c.notNull().defaultTo('')).execute();
  // A place is now (location, source_id, field): two custom fields of one ticket are two places.
  await db.schema.dropIndex('erasure_request_matches_place').execute();
  await db.schema
    .createIndex('erasure_request_matches_place')
    .on('erasure_request_matches')
    .columns(['request_id', 'location', 'source_id', 'field', 'term_id'])
    .unique()
    .execute();
  // The erasure walker finds matches by each reference it follows.
  await db.schema.createIndex('erasure_request_matches_organization').on('erasure_request_matches').column('organization_id').execute();
  await db.schema.createIndex('erasure_request_matches_profile').on('erasure_request_matches').column('profile_user_id').execute();
  // Matches outside tickets, listed on their own.
  await db.schema
    .createIndex('erasure_request_matches_records')
    .on('erasure_request_matches')
    .columns(['request_id', 'id'])
    .where(sql.ref('ticket_id'), 'is', null)
    .execute();
}

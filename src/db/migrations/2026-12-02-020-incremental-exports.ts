import type { Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// Incremental exports (docs/exports.md) walk each table in (time, id) order from a start time
// or a cursor. Tickets (tickets_updated) and the audit log (audit_events_created) already have
// that index; users, organizations and ticket history get theirs here, so a page is one index
// range read however large the helpdesk grows.

export async function up(db: Kysely<any>, _caps: DialectCaps): Promise<void> {
  await db.schema.createIndex('users_updated').on('users').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('organizations_updated').on('organizations').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('ticket_audits_created').on('ticket_audits').columns(['created_at', 'id']).execute();
}

import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { Change } from '../change-feed.ts';

/** The newest ticket audit and audit event ids: where a polling feed starts. */
export async function latestChangeIds(db: Kysely<Database>): Promise<{ audit: number; event: number }> {
  const a = await db.selectFrom('ticket_audits').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const e = await db.selectFrom('audit_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return { audit: Number(a?.id ?? 0), event: Number(e?.id ?? 0) };
}

/** Ticket audits after `afterId`, oldest first, as changes (ids only). */
export async function ticketChangesAfter(db: Kysely<Database>, afterId: number, limit: number): Promise<Change[]> {
  const rows = await db
    .selectFrom('ticket_audits')
    .select(['id', 'ticket_id', 'author_id'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ kind: 'ticket', id: r.id, ticket_id: r.ticket_id, author_id: r.author_id }));
}

/** Audit events after `afterId`, oldest first, as changes (action and subject only, never details). */
export async function eventChangesAfter(db: Kysely<Database>, afterId: number, limit: number): Promise<Change[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['id', 'action', 'subject_type', 'subject_id'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ kind: 'event', id: r.id, action: r.action, subject_type: r.subject_type, subject_id: r.subject_id }));
}

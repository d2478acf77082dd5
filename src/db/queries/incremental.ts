import type { Kysely, Selectable } from 'kysely';
import type { AuditEventsTable, Database, OrganizationsTable, TicketAuditsTable, UsersTable } from '../schema.ts';
import type { TicketRow } from './tickets.ts';

// Incremental exports (docs/exports.md): each table read in (time, id) order over the index on
// exactly those columns (migration 2026-12-02-020), from a position to a horizon. Timestamps
// are ISO text, which sorts as time on both databases, so every bound is a plain comparison.

/** Where a walk stands: the time and id of the last row handed out (rows after it come next). */
export interface ExportPosition {
  at: string;
  id: number;
}

/**
 * One page of a walk: `after` (exclusive) or `atLeast` (inclusive) is where it starts, `below`
 * the horizon no row may reach; ascending, or with `before` the last `limit` rows before it
 * (still returned ascending).
 */
export interface ExportWindow {
  after?: ExportPosition;
  atLeast?: string;
  before?: ExportPosition;
  below: string;
  limit: number;
}

/** The tables an export walks, with the column that says when a row last changed. */
type Walked = 'tickets' | 'users' | 'organizations' | 'ticket_audits' | 'audit_events';

async function walk<R>(
  db: Kysely<Database>,
  table: Walked,
  w: ExportWindow,
  narrow: (q: any) => any = (q) => q,
): Promise<R[]> {
  const at: string = table === 'ticket_audits' || table === 'audit_events' ? 'created_at' : 'updated_at';
  let q: any = narrow((db as Kysely<any>).selectFrom(table).selectAll().where(at, '<', w.below));
  if (w.atLeast !== undefined) q = q.where(at, '>=', w.atLeast);
  if (w.after) q = q.where((eb: any) => eb(eb.refTuple(at, 'id'), '>', eb.tuple(w.after!.at, w.after!.id)));
  if (w.before) {
    q = q.where((eb: any) => eb(eb.refTuple(at, 'id'), '<', eb.tuple(w.before!.at, w.before!.id)));
    const rows: R[] = await q.orderBy(at, 'desc').orderBy('id', 'desc').limit(w.limit).execute();
    return rows.reverse();
  }
  return q.orderBy(at, 'asc').orderBy('id', 'asc').limit(w.limit).execute();
}

/** Tickets by last change, tombstones included; `withoutDeleted` leaves out the restorable ones (Deleted and Spam). */
export function ticketsChanged(db: Kysely<Database>, w: ExportWindow, withoutDeleted: boolean): Promise<TicketRow[]> {
  return walk(db, 'tickets', w, (q) => (withoutDeleted ? q.where('state', 'not in', ['deleted', 'spam']) : q));
}

/** Users by last change, stubs of erased people included; `withoutDeleted` leaves out soft-deleted ones. */
export function usersChanged(db: Kysely<Database>, w: ExportWindow, withoutDeleted: boolean): Promise<Selectable<UsersTable>[]> {
  return walk(db, 'users', w, (q) => (withoutDeleted ? q.where((eb: any) => eb.or([eb('deleted_at', 'is', null), eb('erased_at', 'is not', null)])) : q));
}

export function organizationsChanged(db: Kysely<Database>, w: ExportWindow): Promise<Selectable<OrganizationsTable>[]> {
  return walk(db, 'organizations', w);
}

/** Ticket history entries by the time they were written (an erased ticket's history is gone with it). */
export function ticketAuditsWritten(db: Kysely<Database>, w: ExportWindow): Promise<Selectable<TicketAuditsTable>[]> {
  return walk(db, 'ticket_audits', w);
}

/** Audit events of the given actions, by time: the erasure feed reads the log it already has. */
export function auditEventsOf(db: Kysely<Database>, actions: readonly string[], w: ExportWindow): Promise<Selectable<AuditEventsTable>[]> {
  return walk(db, 'audit_events', w, (q) => q.where('action', 'in', actions));
}

/** The comments named by ticket history (what `include=comment_events` shows), as they are now. */
export async function commentsForEvents(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('comments')
    .select(['id', 'ticket_id', 'author_id', 'body', 'html_body', 'plain_body', 'public', 'created_at'])
    .where('id', 'in', ids)
    .execute();
}

/** Who each ticket is about (requester, submitter, assignee): the people an export of its events carries. */
export async function peopleOfTickets(db: Kysely<Database>, ticketIds: number[]) {
  if (ticketIds.length === 0) return [];
  return db.selectFrom('tickets').select(['id', 'requester_id', 'submitter_id', 'assignee_id']).where('id', 'in', ticketIds).execute();
}

/** The tombstones each of these erased people had requested: what went with them, by id. */
export async function tombstonesRequestedBy(db: Kysely<Database>, userIds: number[]) {
  if (userIds.length === 0) return [];
  return db.selectFrom('tickets').select(['id', 'requester_id']).where('requester_id', 'in', userIds).where('state', '=', 'erased').orderBy('id').execute();
}

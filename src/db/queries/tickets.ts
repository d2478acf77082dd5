import { type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database, TicketAuditsTable, TicketsTable, TicketState } from '../schema.ts';
import { fetchPage, type PageOpts } from './paging.ts';

export type TicketRow = Selectable<TicketsTable>;
export type TicketAuditRow = Selectable<TicketAuditsTable>;

export async function getTicket(db: Kysely<Database>, id: number) {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The ticket, locked for the rest of the transaction where the database has row locks
 * (SQLite already serializes writers), so two updates cannot both pass the same check.
 */
export async function getTicketForUpdate(db: Transaction<Database>, id: number, rowLocks: boolean) {
  const q = db.selectFrom('tickets').selectAll().where('id', '=', id);
  return (rowLocks ? q.forUpdate() : q).executeTakeFirst();
}

export async function getTickets(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('tickets').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export async function insertTicket(db: Kysely<Database>, row: Insertable<TicketsTable>): Promise<number> {
  const r = await db.insertInto('tickets').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateTicketRow(db: Kysely<Database>, id: number, patch: Updateable<TicketsTable>): Promise<void> {
  await db.updateTable('tickets').set(patch).where('id', '=', id).execute();
}

/**
 * Moves a ticket between states, but only from the state the caller read: a ticket that
 * changed since (erased by a sweep, restored by someone else) is left alone. True when it moved.
 */
export async function moveTicketState(
  db: Kysely<Database>,
  id: number,
  from: TicketState,
  patch: Updateable<TicketsTable>,
): Promise<boolean> {
  const r = await db.updateTable('tickets').set(patch).where('id', '=', id).where('state', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** What a ticket list is filtered by: always a state, written out at each call. */
export interface TicketFilter {
  state: TicketState;
  requesterId?: number;
}

/** One page of tickets in ascending id order (see ListSource in http/pagination.ts). */
export async function listTickets(db: Kysely<Database>, filter: TicketFilter, opts: PageOpts) {
  let q = db.selectFrom('tickets').selectAll().where('state', '=', filter.state);
  if (filter.requesterId !== undefined) q = q.where('requester_id', '=', filter.requesterId);
  return fetchPage(q, 'id', opts);
}

export async function countTickets(db: Kysely<Database>, filter: TicketFilter): Promise<number> {
  let q = db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', filter.state);
  if (filter.requesterId !== undefined) q = q.where('requester_id', '=', filter.requesterId);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function tagsOfTickets(db: Kysely<Database>, ticketIds: number[]) {
  if (ticketIds.length === 0) return [];
  return db.selectFrom('ticket_tags').selectAll().where('ticket_id', 'in', ticketIds).orderBy('tag').execute();
}

export async function replaceTicketTags(db: Kysely<Database>, ticketId: number, tags: string[]): Promise<void> {
  await db.deleteFrom('ticket_tags').where('ticket_id', '=', ticketId).execute();
  if (tags.length) await db.insertInto('ticket_tags').values(tags.map((tag) => ({ ticket_id: ticketId, tag }))).execute();
}

export async function collaboratorsOfTickets(db: Kysely<Database>, ticketIds: number[]) {
  if (ticketIds.length === 0) return [];
  return db
    .selectFrom('ticket_collaborators')
    .selectAll()
    .where('ticket_id', 'in', ticketIds)
    .orderBy('user_id')
    .execute();
}

export async function replaceCollaborators(db: Kysely<Database>, ticketId: number, userIds: number[]): Promise<void> {
  await db.deleteFrom('ticket_collaborators').where('ticket_id', '=', ticketId).execute();
  if (userIds.length) {
    await db.insertInto('ticket_collaborators').values(userIds.map((user_id) => ({ ticket_id: ticketId, user_id }))).execute();
  }
}

export async function insertTicketAudit(db: Kysely<Database>, row: Insertable<TicketAuditsTable>): Promise<TicketAuditRow> {
  return db.insertInto('ticket_audits').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function groupExists(db: Kysely<Database>, id: number): Promise<boolean> {
  return !!(await db.selectFrom('groups').select('id').where('id', '=', id).executeTakeFirst());
}

/** Tickets among `ids` that are not in the given state (for all-or-nothing bulk actions). */
export async function idsNotInState(db: Kysely<Database>, ids: number[], state: TicketState): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('tickets').select('id').where('id', 'in', ids).where('state', '=', state).execute();
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}


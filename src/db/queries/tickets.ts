import { sql, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool, type Transaction, type Updateable } from 'kysely';
import type { Database, TicketAuditsTable, TicketsTable, TicketState } from '../schema.ts';
import { fetchPage, type PageOpts } from './paging.ts';
import { insertNewTicketFact, syncTicketFacts } from './reports-facts.ts';

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
  // Every ticket write keeps its report fact in step, in the same transaction (docs/reports.md).
  await insertNewTicketFact(db, r.id, row);
  return r.id;
}

export async function updateTicketRow(db: Kysely<Database>, id: number, patch: Updateable<TicketsTable>): Promise<void> {
  await db.updateTable('tickets').set(patch).where('id', '=', id).execute();
  await syncTicketFacts(db, [id]);
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
  const moved = Number(r.numUpdatedRows) === 1;
  if (moved) await syncTicketFacts(db, [id]);
  return moved;
}

/**
 * One condition of a view, resolved by the domain (src/domain/views/conditions.ts): the
 * current user, groups and hours are already ids and instants here. `not_in` counts a
 * ticket with no value as "not" any of the values (Zendesk's "is not": unassigned tickets
 * are not assigned to Ben), unless null is itself among them.
 */
export type TicketCondition =
  | { field: 'status' | 'priority' | 'type' | 'channel'; op: 'in' | 'not_in'; values: (string | null)[] }
  | { field: 'assignee_id' | 'requester_id' | 'group_id' | 'organization_id'; op: 'in' | 'not_in'; values: (number | null)[] }
  | { field: 'group_id'; op: 'in_groups_of' | 'not_in_groups_of'; userId: number }
  | { field: 'tags'; op: 'includes' | 'not_includes'; tags: string[] }
  | { field: 'created_at' | 'updated_at'; op: 'before' | 'after'; at: string };

/** What a ticket list is filtered by: always a state, written out at each call; a view adds its conditions. */
export interface TicketFilter {
  state: TicketState;
  requesterId?: number;
  /** Tickets this user is copied on (ticket_collaborators). */
  collaboratorId?: number;
  /** Every one of these holds (a view's `all`). */
  all?: TicketCondition[];
  /** At least one of these holds, when there are any (a view's `any`). */
  any?: TicketCondition[];
}

/** How a sorted list (a view) is ordered: one column, then id the same way. Nulls always last. */
export interface TicketSort {
  by: 'id' | 'subject' | 'status' | 'priority' | 'type' | 'created_at' | 'updated_at' | 'assignee_id' | 'requester_id' | 'group_id' | 'organization_id';
  order: 'asc' | 'desc';
}

function conditionExpr(eb: ExpressionBuilder<Database, 'tickets'>, c: TicketCondition): Expression<SqlBool> {
  switch (c.op) {
    case 'in':
    case 'not_in': {
      const col = eb.ref(`tickets.${c.field}`);
      const vals = (c.values as (string | number | null)[]).filter((v) => v !== null) as never[];
      const hasNull = c.values.some((v) => v === null);
      if (c.op === 'in') {
        const parts: Expression<SqlBool>[] = [];
        if (vals.length) parts.push(eb(col, 'in', vals));
        if (hasNull) parts.push(eb(col, 'is', null));
        return parts.length ? eb.or(parts) : eb.lit(false);
      }
      if (hasNull) return vals.length ? eb.and([eb(col, 'is not', null), eb(col, 'not in', vals)]) : eb(col, 'is not', null);
      return vals.length ? eb.or([eb(col, 'is', null), eb(col, 'not in', vals)]) : eb.lit(true);
    }
    case 'in_groups_of':
    case 'not_in_groups_of': {
      const mine = eb.selectFrom('group_memberships').select('group_memberships.group_id').where('group_memberships.user_id', '=', c.userId);
      return c.op === 'in_groups_of'
        ? eb('tickets.group_id', 'in', mine)
        : eb.or([eb('tickets.group_id', 'is', null), eb('tickets.group_id', 'not in', mine)]);
    }
    case 'includes':
    case 'not_includes': {
      const has = eb.exists(
        eb.selectFrom('ticket_tags').select('ticket_tags.ticket_id').whereRef('ticket_tags.ticket_id', '=', 'tickets.id').where('ticket_tags.tag', 'in', c.tags),
      );
      return c.op === 'includes' ? has : eb.not(has);
    }
    case 'before':
      return eb(`tickets.${c.field}`, '<', c.at);
    case 'after':
      return eb(`tickets.${c.field}`, '>', c.at);
  }
}

function filtered<O>(q: SelectQueryBuilder<Database, 'tickets', O>, filter: TicketFilter): SelectQueryBuilder<Database, 'tickets', O> {
  q = q.where('tickets.state', '=', filter.state);
  if (filter.requesterId !== undefined) q = q.where('tickets.requester_id', '=', filter.requesterId);
  if (filter.collaboratorId !== undefined) {
    const userId = filter.collaboratorId;
    q = q.where('tickets.id', 'in', (eb) => eb.selectFrom('ticket_collaborators').select('ticket_collaborators.ticket_id').where('ticket_collaborators.user_id', '=', userId));
  }
  for (const c of filter.all ?? []) q = q.where((eb) => conditionExpr(eb, c));
  const any = filter.any ?? [];
  if (any.length) q = q.where((eb) => eb.or(any.map((c) => conditionExpr(eb, c))));
  return q;
}

/** One page of tickets in ascending id order (see ListSource in http/pagination.ts). */
export async function listTickets(db: Kysely<Database>, filter: TicketFilter, opts: PageOpts) {
  return fetchPage(filtered(db.selectFrom('tickets').selectAll('tickets'), filter), 'tickets.id', opts);
}

/** Where a status or priority stands in Zendesk's order (new < open < … ; low < … < urgent), for sorting. */
const RANKS: Partial<Record<TicketSort['by'], readonly string[]>> = {
  status: ['new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted'],
  priority: ['low', 'normal', 'high', 'urgent'],
};

/** One page of a view: `limit` rows after skipping `offset`, in the view's order. */
export async function listTicketsSorted(db: Kysely<Database>, filter: TicketFilter, sort: TicketSort, page: { limit: number; offset: number }) {
  let q = filtered(db.selectFrom('tickets').selectAll('tickets'), filter);
  const col = sql.ref(`tickets.${sort.by}`);
  const ranks = RANKS[sort.by];
  const dir = sort.order === 'desc' ? sql`desc` : sql`asc`;
  if (sort.by !== 'id') {
    q = q.orderBy(sql`(${col} is null)`);
    const key = ranks ? sql`case ${sql.join(ranks.map((r, i) => sql`when ${col} = ${sql.lit(r)} then ${sql.lit(i)}`), sql` `)} else ${sql.lit(ranks.length)} end` : col;
    q = q.orderBy(sql`${key} ${dir}`);
  }
  q = q.orderBy(sql`${sql.ref('tickets.id')} ${dir}`);
  return q.limit(page.limit).offset(page.offset).execute();
}

export async function countTickets(db: Kysely<Database>, filter: TicketFilter): Promise<number> {
  const q = filtered(db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')), filter);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function tagsOfTickets(db: Kysely<Database>, ticketIds: number[]) {
  if (ticketIds.length === 0) return [];
  return db.selectFrom('ticket_tags').selectAll().where('ticket_id', 'in', ticketIds).orderBy('tag').execute();
}

export async function replaceTicketTags(db: Kysely<Database>, ticketId: number, tags: string[]): Promise<void> {
  await db.deleteFrom('ticket_tags').where('ticket_id', '=', ticketId).execute();
  await insertTicketTags(db, ticketId, tags);
}

/** The tags of a ticket that has none yet (a new one): no delete to run first. */
export async function insertTicketTags(db: Kysely<Database>, ticketId: number, tags: string[]): Promise<void> {
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
  await insertCollaborators(db, ticketId, userIds);
}

/** The collaborators of a ticket that has none yet (a new one). */
export async function insertCollaborators(db: Kysely<Database>, ticketId: number, userIds: number[]): Promise<void> {
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


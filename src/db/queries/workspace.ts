import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, MacrosTable, TicketDraftsTable, ViewsTable } from '../schema.ts';

// Views, macros and drafts (migration 2026-12-01-011-workspace).

export type ViewRow = Selectable<ViewsTable>;
export type MacroRow = Selectable<MacrosTable>;
export type DraftRow = Selectable<TicketDraftsTable>;

type RuleTable = 'views' | 'macros';

/** The shared rows and the given agent's personal ones, in position then id order; only active ones when asked. */
export async function listRules<T extends RuleTable>(db: Kysely<Database>, table: T, ownerId: number, opts: { active?: boolean } = {}) {
  let q = db
    .selectFrom(table as RuleTable)
    .selectAll()
    .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', ownerId)]));
  if (opts.active !== undefined) q = q.where('active', '=', opts.active ? 1 : 0);
  return (await q.orderBy('position').orderBy('id').execute()) as unknown as T extends 'views' ? ViewRow[] : MacroRow[];
}

export async function getView(db: Kysely<Database>, id: number): Promise<ViewRow | undefined> {
  return db.selectFrom('views').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getViews(db: Kysely<Database>, ids: number[]): Promise<ViewRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('views').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export async function insertView(db: Kysely<Database>, row: Insertable<ViewsTable>): Promise<number> {
  return (await db.insertInto('views').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateView(db: Kysely<Database>, id: number, patch: Updateable<ViewsTable>): Promise<void> {
  await db.updateTable('views').set(patch).where('id', '=', id).execute();
}

export async function deleteView(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('views').where('id', '=', id).execute();
}

export async function getMacro(db: Kysely<Database>, id: number): Promise<MacroRow | undefined> {
  return db.selectFrom('macros').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMacro(db: Kysely<Database>, row: Insertable<MacrosTable>): Promise<number> {
  return (await db.insertInto('macros').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateMacro(db: Kysely<Database>, id: number, patch: Updateable<MacrosTable>): Promise<void> {
  await db.updateTable('macros').set(patch).where('id', '=', id).execute();
}

export async function deleteMacro(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('macros').where('id', '=', id).execute();
}

/** The next position after every row the agent sees (shared and their own). */
export async function nextPosition(db: Kysely<Database>, table: RuleTable, ownerId: number | null): Promise<number> {
  const r = await db
    .selectFrom(table as RuleTable)
    .select((eb) => eb.fn.max('position').as('p'))
    .where((eb) => (ownerId === null ? eb('owner_id', 'is', null) : eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', ownerId)])))
    .executeTakeFirst();
  return Number(r?.p ?? 0) + 1;
}

export async function getDraft(db: Kysely<Database>, ticketId: number, userId: number): Promise<DraftRow | undefined> {
  return db.selectFrom('ticket_drafts').selectAll().where('ticket_id', '=', ticketId).where('user_id', '=', userId).executeTakeFirst();
}

/** Writes the agent's draft for the ticket, replacing the one there was (one per agent and ticket). */
export async function upsertDraft(db: Kysely<Database>, row: Insertable<TicketDraftsTable>): Promise<void> {
  await db
    .insertInto('ticket_drafts')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['ticket_id', 'user_id']).doUpdateSet({ body: row.body, public: row.public, status: row.status ?? null, fields: row.fields, updated_at: row.updated_at }),
    )
    .execute();
}

/** Deletes the agent's draft for the ticket; true when there was one. */
export async function deleteDraft(db: Kysely<Database>, ticketId: number, userId: number): Promise<boolean> {
  const r = await db.deleteFrom('ticket_drafts').where('ticket_id', '=', ticketId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function draftsOfTicket(db: Kysely<Database>, ticketId: number): Promise<DraftRow[]> {
  return db.selectFrom('ticket_drafts').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
}

export async function setDraftText(db: Kysely<Database>, id: number, patch: { body: string; fields: string }): Promise<void> {
  await db.updateTable('ticket_drafts').set(patch).where('id', '=', id).execute();
}

/** Ids of drafts last written before `cutoff`, oldest first, after the given id in that order. */
export async function draftsUntouchedBefore(db: Kysely<Database>, cutoff: string, limit: number): Promise<{ id: number; updated_at: string }[]> {
  return db.selectFrom('ticket_drafts').select(['id', 'updated_at']).where('updated_at', '<', cutoff).orderBy('updated_at').orderBy('id').limit(limit).execute();
}

/** Deletes these drafts if they are still untouched since `cutoff` (one written meanwhile stays); how many went. */
export async function deleteDraftsUntouched(db: Kysely<Database>, ids: number[], cutoff: string): Promise<number> {
  if (!ids.length) return 0;
  const r = await db.deleteFrom('ticket_drafts').where('id', 'in', ids).where('updated_at', '<', cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteDraftById(db: Kysely<Database>, id: number): Promise<boolean> {
  const r = await db.deleteFrom('ticket_drafts').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Drafts that may name a person without being theirs: on tickets they did not request (those
 * go with them) and not written by them (those go with them too), after `afterId`.
 */
export async function draftsOfOthers(db: Kysely<Database>, userId: number, afterId: number, limit: number) {
  return db
    .selectFrom('ticket_drafts as d')
    .innerJoin('tickets as t', 't.id', 'd.ticket_id')
    .select(['d.id', 'd.ticket_id', 'd.body', 'd.fields', 't.state', 't.status'])
    .where('d.id', '>', afterId)
    .where('t.requester_id', '<>', userId)
    .where('t.state', '<>', 'erased')
    .where('d.user_id', '<>', userId)
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

import { sql, type Generated, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database } from '../schema.ts';
import { fetchPage, type PageOpts } from './paging.ts';

// Erasure requests (migration 2026-11-22-006): the requests, their terms and matches.
// What planning reads from the rest of the database is in erasure-request-planning.ts.
// `erDb` widens an executor to see these tables. Every list is keyset-paged or bounded:
// a request for a contact with 70,000 tickets never loads them all at once.

export interface ErasureRequestsTable {
  id: Generated<number>;
  user_id: number;
  status: string;
  received_at: string;
  due_at: string;
  extended_until: string | null;
  extension_reason: string | null;
  opened_by_id: number | null;
  executed_by_id: number | null;
  job_id: string | null;
  plan_phase: string | null;
  plan_cursor: number;
  plan_pass: number;
  exec_phase: string | null;
  exec_cursor: number;
  execution_started_at: string | null;
  counts: string;
  verification: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  erased_at: string | null;
  /** The fix job (POST …/fix) that carries a finished re-plan on into execution; null otherwise. */
  fix_job_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ErasureRequestTermsTable {
  id: Generated<number>;
  request_id: number;
  kind: string;
  value: string;
  value_key: string;
  source: string;
  accepted: number;
  /** pending (to search) → running (this pass) → done; prune (rejected: drop its matches) → idle. */
  plan_state: string;
  created_at: string;
  updated_at: string;
}

export interface ErasureRequestMatchesTable {
  id: Generated<number>;
  request_id: number;
  term_id: number | null;
  /** Null for a place outside tickets (an organization, a profile). */
  ticket_id: number | null;
  comment_id: number | null;
  attachment_id: number | null;
  raw_message_id: number | null;
  organization_id: number | null;
  profile_user_id: number | null;
  location: string;
  source_id: number;
  snippet: string | null;
  /** Which part of the place ('' when the place is whole): a custom field's id, `notes`, `user_fields.<key>`. */
  field: Generated<string>;
  proposed_action: string;
  decision: string;
  applied_action: string | null;
  applied_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ErasureRequestTables {
  erasure_requests: ErasureRequestsTable;
  erasure_request_terms: ErasureRequestTermsTable;
  erasure_request_matches: ErasureRequestMatchesTable;
}
type ErDatabase = Database & ErasureRequestTables;
export type ErasureRequestRow = Selectable<ErasureRequestsTable>;
export type TermRow = Selectable<ErasureRequestTermsTable>;
export type MatchRow = Selectable<ErasureRequestMatchesTable>;
export type NewMatch = Insertable<ErasureRequestMatchesTable>;

/** The same executor (or transaction), typed to see the erasure-request tables too. */
export function erDb(db: Kysely<Database>): Kysely<ErDatabase> {
  return db as unknown as Kysely<ErDatabase>;
}

const n = (v: unknown) => Number(v ?? 0);

// ---- requests

export async function insertRequest(db: Kysely<Database>, row: Insertable<ErasureRequestsTable>): Promise<number> {
  return (await erDb(db).insertInto('erasure_requests').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getRequest(db: Kysely<Database>, id: number) {
  return erDb(db).selectFrom('erasure_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The request, locked for this transaction where the database has row locks: every change to a request goes through here. */
export async function lockRequest(db: Transaction<Database>, id: number, rowLocks: boolean) {
  const q = erDb(db).selectFrom('erasure_requests').selectAll().where('id', '=', id);
  return (rowLocks ? q.forUpdate() : q).executeTakeFirst();
}

export async function updateRequest(db: Kysely<Database>, id: number, patch: Updateable<ErasureRequestsTable>): Promise<void> {
  await erDb(db).updateTable('erasure_requests').set(patch).where('id', '=', id).execute();
}

/** A request for this user that is neither finished nor cancelled, if any. */
export async function openRequestOf(db: Kysely<Database>, userId: number) {
  return erDb(db)
    .selectFrom('erasure_requests')
    .select(['id', 'status'])
    .where('user_id', '=', userId)
    .where('status', 'not in', ['completed', 'cancelled'])
    .where('erased_at', 'is', null)
    .executeTakeFirst();
}

export interface RequestFilter {
  status?: string;
  /** Open requests whose deadline (extension, else due date) is before this. */
  deadlineBefore?: string;
  deadlineFrom?: string;
}

function filtered(db: Kysely<Database>, f: RequestFilter) {
  let q = erDb(db).selectFrom('erasure_requests');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.deadlineBefore || f.deadlineFrom) {
    const deadline = sql<string>`coalesce(extended_until, due_at)`;
    q = q.where('status', 'not in', ['completed', 'cancelled']);
    if (f.deadlineBefore) q = q.where(deadline, '<', f.deadlineBefore);
    if (f.deadlineFrom) q = q.where(deadline, '>=', f.deadlineFrom);
  }
  return q;
}

export async function listRequests(db: Kysely<Database>, f: RequestFilter, page: PageOpts) {
  return fetchPage(filtered(db, f).selectAll(), 'id', page);
}

export async function countRequests(db: Kysely<Database>, f: RequestFilter): Promise<number> {
  return n((await filtered(db, f).select((eb) => eb.fn.countAll().as('c')).executeTakeFirst())?.c);
}

// ---- terms

/** Inserts terms, skipping any whose key the request already has; returns how many went in. */
export async function insertTerms(db: Kysely<Database>, rows: Insertable<ErasureRequestTermsTable>[]): Promise<number> {
  let added = 0;
  for (const row of rows) {
    const r = await erDb(db).insertInto('erasure_request_terms').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    added += n(r.numInsertedOrUpdatedRows);
  }
  return added;
}

/** A request's terms, oldest first (a few dozen: the profile's, the agent's and up to 50 suggestions). */
export async function termsOf(db: Kysely<Database>, requestId: number, opts: { states?: string[]; accepted?: boolean } = {}) {
  let q = erDb(db).selectFrom('erasure_request_terms').selectAll().where('request_id', '=', requestId);
  if (opts.states) q = q.where('plan_state', 'in', opts.states);
  if (opts.accepted !== undefined) q = q.where('accepted', '=', opts.accepted ? 1 : 0);
  return q.orderBy('id').execute();
}

export async function updateTerms(db: Kysely<Database>, requestId: number, ids: number[], patch: Updateable<ErasureRequestTermsTable>): Promise<number> {
  if (!ids.length) return 0;
  const r = await erDb(db).updateTable('erasure_request_terms').set(patch).where('request_id', '=', requestId).where('id', 'in', ids).executeTakeFirst();
  return n(r.numUpdatedRows);
}

/** Moves every term of the request in one planning state to another. */
export async function moveTermStates(db: Kysely<Database>, requestId: number, from: string[], to: string, now: string, acceptedOnly = false): Promise<number> {
  let q = erDb(db).updateTable('erasure_request_terms').set({ plan_state: to, updated_at: now }).where('request_id', '=', requestId).where('plan_state', 'in', from);
  if (acceptedOnly) q = q.where('accepted', '=', 1);
  return n((await q.executeTakeFirst()).numUpdatedRows);
}

export async function deleteTermsOf(db: Kysely<Database>, requestId: number): Promise<number> {
  return n((await erDb(db).deleteFrom('erasure_request_terms').where('request_id', '=', requestId).executeTakeFirst()).numDeletedRows);
}

// ---- matches

/** Inserts matches; one already found at the same place for the same term is left as it is. */
export async function insertMatches(db: Kysely<Database>, rows: NewMatch[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const r = await erDb(db).insertInto('erasure_request_matches').values(rows.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    added += n(r.numInsertedOrUpdatedRows);
  }
  return added;
}

export interface MatchFilter {
  /** A ticket's matches, or (null) the matches outside tickets: organizations, profiles. */
  ticketId?: number | null;
  decision?: string;
  action?: string;
}

function matchesWhere(db: Kysely<Database>, requestId: number, f: MatchFilter) {
  let q = erDb(db).selectFrom('erasure_request_matches').where('request_id', '=', requestId);
  if (f.ticketId === null) q = q.where('ticket_id', 'is', null);
  else if (f.ticketId !== undefined) q = q.where('ticket_id', '=', f.ticketId);
  if (f.decision) q = q.where('decision', '=', f.decision);
  if (f.action) q = q.where('proposed_action', '=', f.action);
  return q;
}

/** One match of the request, if it is one of its own. */
export async function getMatch(db: Kysely<Database>, requestId: number, matchId: number) {
  return erDb(db).selectFrom('erasure_request_matches').selectAll().where('request_id', '=', requestId).where('id', '=', matchId).executeTakeFirst();
}

export async function listMatches(db: Kysely<Database>, requestId: number, f: MatchFilter, page: PageOpts) {
  return fetchPage(matchesWhere(db, requestId, f).selectAll(), 'id', page);
}

export async function countMatches(db: Kysely<Database>, requestId: number, f: MatchFilter = {}): Promise<number> {
  return n((await matchesWhere(db, requestId, f).select((eb) => eb.fn.countAll().as('c')).executeTakeFirst())?.c);
}

export interface MatchCount {
  decision: string;
  action: string;
  count: number;
}

/** How many matches there are by decision and proposed action. */
export async function matchCounts(db: Kysely<Database>, requestId: number): Promise<MatchCount[]> {
  const rows = await erDb(db)
    .selectFrom('erasure_request_matches')
    .select((eb) => ['decision', 'proposed_action', eb.fn.countAll().as('c')])
    .where('request_id', '=', requestId)
    .groupBy(['decision', 'proposed_action'])
    .execute();
  return rows.map((r) => ({ decision: r.decision, action: r.proposed_action, count: n(r.c) }));
}

/** One ticket's matches, summed (the plan grouped by ticket); `id` is the ticket's. */
export interface TicketGroupRow {
  id: number;
  matches: number;
  pending: number;
  confirmed: number;
  rejected: number;
  /** The proposed actions among them (at most two distinct: the least and the greatest). */
  actions: string[];
}

/** The tickets that have matches, one page ascending by ticket id, with their counts by decision. */
export async function ticketGroups(db: Kysely<Database>, requestId: number, page: PageOpts): Promise<TicketGroupRow[]> {
  let q = erDb(db)
    .selectFrom('erasure_request_matches')
    .select((eb) => [
      'ticket_id as id',
      eb.fn.countAll().as('matches'),
      eb.fn.sum<number>(eb.case().when('decision', '=', 'pending').then(1).else(0).end()).as('pending'),
      eb.fn.sum<number>(eb.case().when('decision', '=', 'confirm').then(1).else(0).end()).as('confirmed'),
      eb.fn.sum<number>(eb.case().when('decision', '=', 'reject').then(1).else(0).end()).as('rejected'),
      eb.fn.max('proposed_action').as('max_action'),
      eb.fn.min('proposed_action').as('min_action'),
    ])
    .where('request_id', '=', requestId)
    .where('ticket_id', 'is not', null)
    .groupBy('ticket_id');
  if (page.beforeId !== undefined) q = q.where('ticket_id', '<', page.beforeId);
  if (page.afterId !== undefined) q = q.where('ticket_id', '>', page.afterId);
  const desc = page.beforeId !== undefined;
  q = q.orderBy('ticket_id', desc ? 'desc' : 'asc').limit(page.limit);
  if (page.offset) q = q.offset(page.offset);
  const rows = (await q.execute()).map((r) => ({
    id: Number(r.id),
    matches: n(r.matches),
    pending: n(r.pending),
    confirmed: n(r.confirmed),
    rejected: n(r.rejected),
    actions: [...new Set([String(r.min_action), String(r.max_action)])],
  }));
  return desc ? rows.reverse() : rows;
}

export async function countTicketGroups(db: Kysely<Database>, requestId: number): Promise<number> {
  const r = await erDb(db)
    .selectFrom('erasure_request_matches')
    .select((eb) => eb.fn.count('ticket_id').distinct().as('c'))
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  return n(r?.c);
}

/** The matches of this request among `ids`, for checking decisions. */
export async function matchesByIds(db: Kysely<Database>, requestId: number, ids: number[]) {
  if (!ids.length) return [];
  return erDb(db)
    .selectFrom('erasure_request_matches')
    .select(['id', 'location', 'applied_at'])
    .where('request_id', '=', requestId)
    .where('id', 'in', ids)
    .execute();
}

/** Sets a decision on matches not yet applied; `onlyPending` for confirm-all. */
export async function setDecision(db: Kysely<Database>, requestId: number, ids: number[] | 'all-pending', decision: string, now: string): Promise<number> {
  let q = erDb(db)
    .updateTable('erasure_request_matches')
    .set({ decision, updated_at: now })
    .where('request_id', '=', requestId)
    .where('applied_at', 'is', null);
  q = ids === 'all-pending' ? q.where('decision', '=', 'pending') : q.where('id', 'in', ids.length ? ids : [0]);
  return n((await q.executeTakeFirst()).numUpdatedRows);
}

/** Deletes up to `limit` matches of terms the agent rejected. */
export async function deletePrunedMatches(db: Kysely<Database>, requestId: number, limit: number): Promise<number> {
  const ids = erDb(db)
    .selectFrom('erasure_request_matches as m')
    .innerJoin('erasure_request_terms as t', 't.id', 'm.term_id')
    .select('m.id')
    .where('m.request_id', '=', requestId)
    .where('t.plan_state', '=', 'prune')
    .limit(limit);
  const r = await erDb(db).deleteFrom('erasure_request_matches').where('id', 'in', ids).executeTakeFirst();
  return n(r.numDeletedRows);
}

/** Deletes up to `limit` matches of the request (cancellation). */
export async function deleteMatchesBatch(db: Kysely<Database>, requestId: number, limit: number): Promise<number> {
  const ids = erDb(db).selectFrom('erasure_request_matches').select('id').where('request_id', '=', requestId).limit(limit);
  return n((await erDb(db).deleteFrom('erasure_request_matches').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
}

/** The next tickets, after `afterTicketId`, with confirmed matches not yet applied (the person's own tickets aside). */
export async function ticketsToApply(db: Kysely<Database>, requestId: number, afterTicketId: number, limit: number): Promise<number[]> {
  const rows = await erDb(db)
    .selectFrom('erasure_request_matches')
    .select('ticket_id')
    .distinct()
    .where('request_id', '=', requestId)
    .where('ticket_id', '>', afterTicketId)
    .where('decision', '=', 'confirm')
    .where('applied_at', 'is', null)
    .where('location', '<>', 'requested_ticket')
    .orderBy('ticket_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.ticket_id!);
}

/** Some confirmed matches outside tickets (organizations, profiles) not yet applied. */
export async function recordMatchesToApply(db: Kysely<Database>, requestId: number, limit: number) {
  return erDb(db)
    .selectFrom('erasure_request_matches')
    .selectAll()
    .where('request_id', '=', requestId)
    .where('ticket_id', 'is', null)
    .where('decision', '=', 'confirm')
    .where('applied_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** A ticket's confirmed matches not yet applied. */
export async function confirmedMatchesOf(db: Kysely<Database>, requestId: number, ticketId: number) {
  return erDb(db)
    .selectFrom('erasure_request_matches')
    .selectAll()
    .where('request_id', '=', requestId)
    .where('ticket_id', '=', ticketId)
    .where('decision', '=', 'confirm')
    .where('applied_at', 'is', null)
    .where('location', '<>', 'requested_ticket')
    .execute();
}

export async function markApplied(db: Kysely<Database>, ids: number[], action: string, now: string): Promise<void> {
  if (!ids.length) return;
  await erDb(db).updateTable('erasure_request_matches').set({ applied_action: action, applied_at: now, updated_at: now }).where('id', 'in', ids).execute();
}

/** Applied matches by action, and the distinct comments and attachments they changed. */
export async function appliedTotals(db: Kysely<Database>, requestId: number) {
  const r = await erDb(db)
    .selectFrom('erasure_request_matches')
    .select((eb) => [
      eb.fn.count('comment_id').distinct().filterWhere('applied_action', '=', 'redact').as('comments'),
      eb.fn.count('attachment_id').distinct().filterWhere('applied_action', '=', 'redact_attachment').as('attachments'),
      eb.fn.count('ticket_id').distinct().filterWhere('applied_action', '=', 'redact_subject').as('subjects'),
      eb.fn.count('raw_message_id').distinct().filterWhere('applied_action', '=', 'redact').as('raw'),
      eb.fn.countAll().filterWhere('decision', '=', 'reject').as('rejected'),
      eb.fn.count('ticket_id').distinct().filterWhere('applied_action', '=', 'remove_tag').as('tags'),
      eb.fn.count(sql<string>`ticket_id || '|' || field`).distinct().filterWhere('applied_action', '=', 'clear_field').as('fields'),
      eb.fn.count('organization_id').distinct().filterWhere('applied_action', 'in', ['redact_org_text', 'rename_org']).as('orgs'),
      eb.fn.count('profile_user_id').distinct().filterWhere('applied_action', '=', 'redact_profile').as('profiles'),
      eb.fn.countAll().filterWhere('applied_action', '=', 'gone').as('gone'),
    ])
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  return {
    comments: n(r?.comments),
    attachments: n(r?.attachments),
    subjects: n(r?.subjects),
    rawMessages: n(r?.raw),
    rejected: n(r?.rejected),
    tags: n(r?.tags),
    fields: n(r?.fields),
    organizations: n(r?.orgs),
    profiles: n(r?.profiles),
    skipped: n(r?.gone),
  };
}

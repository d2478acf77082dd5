import { sql, type Generated, type Insertable, type Kysely, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../schema.ts';
import type { DialectCaps } from '../dialects/caps.ts';
import { fts5Expression } from '../dialects/search-sqlite.ts';
import { tsqueryText } from '../dialects/search-postgres.ts';
import { mailDb } from './mail.ts';
import { fetchPage, type PageOpts } from './paging.ts';

// Erasure requests (migration 2026-11-22-006). Their types live here until they join
// Database in schema.ts; `erDb` widens an executor to see them. Every list is keyset-paged
// or bounded: a request for a contact with 70,000 tickets never loads them all at once.

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
  ticket_id: number;
  comment_id: number | null;
  attachment_id: number | null;
  raw_message_id: number | null;
  location: string;
  source_id: number;
  snippet: string | null;
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
export async function lockRequest(db: Kysely<Database>, id: number, rowLocks: boolean) {
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
  ticketId?: number;
  decision?: string;
  action?: string;
}

function matchesWhere(db: Kysely<Database>, requestId: number, f: MatchFilter) {
  let q = erDb(db).selectFrom('erasure_request_matches').where('request_id', '=', requestId);
  if (f.ticketId !== undefined) q = q.where('ticket_id', '=', f.ticketId);
  if (f.decision) q = q.where('decision', '=', f.decision);
  if (f.action) q = q.where('proposed_action', '=', f.action);
  return q;
}

export async function listMatches(db: Kysely<Database>, requestId: number, f: MatchFilter, page: PageOpts) {
  return fetchPage(matchesWhere(db, requestId, f).selectAll(), 'id', page);
}

export async function countMatches(db: Kysely<Database>, requestId: number, f: MatchFilter = {}): Promise<number> {
  return n((await matchesWhere(db, requestId, f).select((eb) => eb.fn.countAll().as('c')).executeTakeFirst())?.c);
}

/** How many matches there are by decision and proposed action. */
export async function matchCounts(db: Kysely<Database>, requestId: number) {
  const rows = await erDb(db)
    .selectFrom('erasure_request_matches')
    .select((eb) => ['decision', 'proposed_action', eb.fn.countAll().as('c')])
    .where('request_id', '=', requestId)
    .groupBy(['decision', 'proposed_action'])
    .execute();
  return rows.map((r) => ({ decision: r.decision, action: r.proposed_action, count: n(r.c) }));
}

/** The tickets that have matches, one page ascending by ticket id, with their counts by decision. */
export async function ticketGroups(db: Kysely<Database>, requestId: number, page: PageOpts) {
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
  return rows.map((r) => r.ticket_id);
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
    ])
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  return { comments: n(r?.comments), attachments: n(r?.attachments), subjects: n(r?.subjects), rawMessages: n(r?.raw), rejected: n(r?.rejected) };
}

// ---- what planning reads

export type HitSource = 'subject' | 'comment' | 'attachment_name';

export interface Hit {
  id: number;
  ticket_id: number;
  comment_id: number | null;
  text: string;
  state: string;
  status: string;
}

// Must stay identical to the expression of migration 003 and search-postgres.ts, character
// for character, or PostgreSQL cannot use the index (erasure-requests.test.ts checks the plan).
const PUNCT = `'!"#$%&''()*+,-./:;<=>?@[\\]^_\`{|}~'`;
const SPACES = `'${' '.repeat(32)}'`;
const tsv = (col: string) => sql.raw(`to_tsvector('simple'::regconfig, translate(${col}, ${PUNCT}, ${SPACES}))`);

type Phrase = { tokens: string[]; prefix: boolean };

const SRC = {
  subject: { fts: 'search_tickets', table: 'tickets', col: 'subject' },
  comment: { fts: 'search_comments', table: 'comments', col: 'plain_body' },
  attachment_name: { fts: 'search_attachments', table: 'attachments', col: 'file_name' },
} as const;

/** Ids of rows of the source whose text holds any of the phrases, as a subquery, within (after, upTo]. */
function matchingIds(caps: DialectCaps, source: HitSource, phrases: Phrase[], range?: { after: number; upTo: number }): RawBuilder<unknown> {
  const s = SRC[source];
  if (caps.name === 'sqlite') {
    const fts = sql.table(s.fts);
    const within = range ? sql` and rowid > ${range.after} and rowid <= ${range.upTo}` : sql``;
    return sql`select rowid as id from ${fts} where ${fts} match ${fts5Expression(phrases)}${within}`;
  }
  const within = range ? sql` and id > ${range.after} and id <= ${range.upTo}` : sql``;
  return sql`select id from ${sql.table(s.table)} where ${tsv(s.col)} @@ to_tsquery('simple'::regconfig, ${tsqueryText(phrases)})${within}`;
}

/** The query behind hitsIn, for hitsIn and for checking its plan. */
export function hitsQuery(caps: DialectCaps, source: HitSource, phrases: Phrase[], userId: number, range: { after: number; upTo: number; limit: number }): RawBuilder<Hit> {
  const ids = matchingIds(caps, source, phrases, range);
  // The person's own tickets go with them: no match is needed there.
  const theirs = sql`t.requester_id <> ${userId} and t.state <> 'erased'`;
  const q =
    source === 'subject'
      ? sql`select t.id, t.id as ticket_id, null as comment_id, t.subject as text, t.state, t.status from tickets t where t.id in (${ids}) and ${theirs}`
      : source === 'comment'
        ? sql`select c.id, c.ticket_id, c.id as comment_id, c.plain_body as text, t.state, t.status from comments c join tickets t on t.id = c.ticket_id where c.id in (${ids}) and ${theirs}`
        : sql`select a.id, a.ticket_id, a.comment_id, a.file_name as text, t.state, t.status from attachments a join tickets t on t.id = a.ticket_id where a.id in (${ids}) and a.comment_id is not null and ${theirs}`;
  return sql<Hit>`${q} order by 1 limit ${range.limit}`;
}

/**
 * Rows of one source, with ids in (after, upTo], whose text holds any of the phrases, in
 * tickets the person did not request (theirs go with them) and that are not erased.
 * Ascending by id, at most `limit`.
 */
export async function hitsIn(
  db: Kysely<Database>,
  caps: DialectCaps,
  source: HitSource,
  phrases: Phrase[],
  userId: number,
  range: { after: number; upTo: number; limit: number },
): Promise<Hit[]> {
  const r = await hitsQuery(caps, source, phrases, userId, range).execute(db);
  return r.rows.map((h) => ({ ...h, id: Number(h.id), ticket_id: Number(h.ticket_id), comment_id: h.comment_id === null ? null : Number(h.comment_id) }));
}

/**
 * How many rows of the source hold any of the phrases, in tickets the person did not
 * request: `outside_rejected` leaves out the places the agent rejected (another person's
 * data, kept on purpose), `in_rejected` counts only those, `all` counts everything.
 */
export async function remainingHits(
  db: Kysely<Database>,
  caps: DialectCaps,
  source: HitSource,
  phrases: Phrase[],
  userId: number,
  requestId: number,
  mode: 'outside_rejected' | 'in_rejected' | 'all',
): Promise<number> {
  const ids = matchingIds(caps, source, phrases);
  const ticketOf = source === 'subject' ? sql`x.id` : sql`(select ticket_id from ${sql.table(SRC[source].table)} where id = x.id)`;
  const rejected = sql`exists (select 1 from erasure_request_matches m where m.request_id = ${requestId} and m.location = ${source} and m.source_id = x.id and m.decision = 'reject')`;
  const keep = mode === 'all' ? sql`` : mode === 'in_rejected' ? sql`and ${rejected}` : sql`and not ${rejected}`;
  const r = await sql<{ c: number | string }>`
    select count(*) as c from (${ids}) x
    where exists (select 1 from tickets t where t.id = ${ticketOf} and t.requester_id <> ${userId} and t.state <> 'erased') ${keep}`.execute(db);
  return n(r.rows[0]?.c);
}

export async function maxIdOf(db: Kysely<Database>, table: 'tickets' | 'comments' | 'attachments'): Promise<number> {
  const r = (await (db as Kysely<any>).selectFrom(table).select((eb: any) => eb.fn.max('id').as('m')).executeTakeFirst()) as { m?: unknown } | undefined;
  return n(r?.m);
}

/** Ticket states that still hold data (an erased ticket is a tombstone): an IN list the requester index serves. */
const LIVE_STATES = ['active', 'spam', 'deleted'] as const;

/** The person's requested tickets (not erased) after `afterId`, ascending, with state and status. */
export async function requestedTickets(db: Kysely<Database>, userId: number, afterId: number, limit: number) {
  return db
    .selectFrom('tickets')
    .select(['id', 'state', 'status'])
    .where('requester_id', '=', userId)
    .where('state', 'in', LIVE_STATES)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The text of comments the person wrote in these tickets. */
export async function commentsByAuthorIn(db: Kysely<Database>, authorId: number, ticketIds: number[]) {
  if (!ticketIds.length) return [];
  return db.selectFrom('comments').select(['id', 'plain_body']).where('ticket_id', 'in', ticketIds).where('author_id', '=', authorId).execute();
}

/** Which of these identity keys belong to staff (an agent's signature is not the person's data). */
export async function staffIdentityKeys(db: Kysely<Database>, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await db
    .selectFrom('identities')
    .innerJoin('users', 'users.id', 'identities.user_id')
    .select('identities.value_key')
    .where('identities.value_key', 'in', keys)
    .where('users.role', '<>', 'end-user')
    .execute();
  return new Set(rows.map((r) => r.value_key));
}

/**
 * Tickets, after `afterId`, whose stored raw emails may name the person although they did
 * not request them: tickets with a match, tickets they wrote in, tickets they are CC'd on.
 */
export async function rawMailCandidateTickets(db: Kysely<Database>, requestId: number, userId: number, afterId: number, limit: number): Promise<number[]> {
  const r = await sql<{ id: number | string }>`
    select id from tickets t where t.id > ${afterId} and t.requester_id <> ${userId} and t.state <> 'erased' and t.id in (
      select ticket_id from erasure_request_matches where request_id = ${requestId} and location <> 'requested_ticket'
      union select ticket_id from comments where author_id = ${userId}
      union select ticket_id from ticket_collaborators where user_id = ${userId})
    order by t.id limit ${limit}`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

/** A ticket's stored raw emails (ids and comments; bytes are read one at a time). */
export async function rawMessagesOfTicket(db: Kysely<Database>, ticketId: number) {
  return mailDb(db).selectFrom('raw_messages').select(['id', 'comment_id']).where('ticket_id', '=', ticketId).orderBy('id').execute();
}

export async function commentTexts(db: Kysely<Database>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('comments').select(['id', 'plain_body']).where('id', 'in', ids).execute();
}

// ---- what execution reads

/** Some tickets of the person not yet erased (any order: the index gives the first ones without sorting). */
export async function unerasedRequestedTickets(db: Kysely<Database>, userId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('tickets').select('id').where('requester_id', '=', userId).where('state', 'in', LIVE_STATES).limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function countUnerasedRequestedTickets(db: Kysely<Database>, userId: number): Promise<number> {
  const r = await db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('c')).where('requester_id', '=', userId).where('state', 'in', LIVE_STATES).executeTakeFirst();
  return n(r?.c);
}

export async function countIdentitiesOf(db: Kysely<Database>, userId: number): Promise<number> {
  const r = await db.selectFrom('identities').select((eb) => eb.fn.countAll().as('c')).where('user_id', '=', userId).executeTakeFirst();
  return n(r?.c);
}

/** Terms and matches a request still holds (zero once its person is erased). */
export async function countRequestData(db: Kysely<Database>, requestId: number): Promise<number> {
  const t = await erDb(db).selectFrom('erasure_request_terms').select((eb) => eb.fn.countAll().as('c')).where('request_id', '=', requestId).executeTakeFirst();
  const m = await erDb(db).selectFrom('erasure_request_matches').select((eb) => eb.fn.countAll().as('c')).where('request_id', '=', requestId).executeTakeFirst();
  return n(t?.c) + n(m?.c);
}


/** Confirmed matches not yet carried out (the person's own tickets aside): the work an execution has left. */
export async function countToApply(db: Kysely<Database>, requestId: number): Promise<number> {
  const r = await erDb(db)
    .selectFrom('erasure_request_matches')
    .select((eb) => eb.fn.countAll().as('c'))
    .where('request_id', '=', requestId)
    .where('decision', '=', 'confirm')
    .where('applied_at', 'is', null)
    .where('location', '<>', 'requested_ticket')
    .executeTakeFirst();
  return n(r?.c);
}

/** The path of the main SQLite database file (empty for an in-memory one). */
export async function sqliteMainFile(db: Kysely<Database>): Promise<string> {
  const r = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db);
  return r.rows[0]?.file ?? '';
}

/** Marks the execution as started, once (a cancellation is refused from then on). */
export async function markExecutionStarted(db: Kysely<Database>, id: number, now: string): Promise<void> {
  await erDb(db).updateTable('erasure_requests').set({ execution_started_at: now }).where('id', '=', id).where('execution_started_at', 'is', null).execute();
}

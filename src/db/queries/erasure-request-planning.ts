import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.ts';
import type { DialectCaps, TextMatch } from '../dialects/caps.ts';
import { mailDb } from './mail.ts';
import { erDb } from './erasure-requests.ts';

// What planning and execution of an erasure request read: candidate rows through the
// full-text indexes, the person's own tickets and comments, raw mail, and the counts that
// verification reports. Every read is bounded or keyset-paged.

const n = (v: unknown) => Number(v ?? 0);

export type HitSource = 'subject' | 'comment' | 'attachment_name';

export interface Hit {
  id: number;
  ticket_id: number;
  comment_id: number | null;
  text: string;
  state: string;
  status: string;
}

export type Phrase = TextMatch;

const SRC = {
  subject: { table: 'tickets' },
  comment: { table: 'comments' },
  attachment_name: { table: 'attachments' },
} as const;

/** Ids of rows of the source whose text holds any of the phrases, as a subquery, within (after, upTo]. */
export function matchingIds(caps: DialectCaps, source: HitSource, phrases: Phrase[], range?: { after: number; upTo: number }): RawBuilder<unknown> {
  return caps.search.rowsMatching(SRC[source].table, phrases, range);
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

// A person's identifier can be in a comment's HTML alone: a link's target or an image's
// source (src/domain/redaction/html-attributes.ts). No full-text index holds those, so the
// stored HTML is read for the identifier's strings (lower case, as written or URL-encoded)
// within a range of ids; the caller confirms each row in its parsed URLs.

/**
 * A condition: the comment `c`'s html_body holds one of the strings (given in lower case),
 * case aside, that its plain_body does not — in the markup only. Text the index finds is
 * counted there, not twice.
 */
export function htmlHolds(needles: string[]): RawBuilder<unknown> {
  const likes = needles.map((nd) => {
    const like = `%${nd.replace(/[\\%_]/g, (x) => `\\${x}`)}%`;
    return sql`(lower(c.html_body) like ${like} escape '\\' and lower(c.plain_body) not like ${like} escape '\\')`;
  });
  return sql`(${sql.join(likes, sql` or `)})`;
}

export interface HtmlHit extends Hit {
  html: string;
}

/** Comments with ids in (after, upTo] whose HTML holds any of the strings, in tickets the person did not request; ascending, at most `limit`. */
export async function htmlHitsIn(db: Kysely<Database>, needles: string[], userId: number, range: { after: number; upTo: number; limit: number }): Promise<HtmlHit[]> {
  if (!needles.length) return [];
  const r = await sql<HtmlHit>`
    select c.id, c.ticket_id, c.id as comment_id, c.plain_body as text, c.html_body as html, t.state, t.status
    from comments c join tickets t on t.id = c.ticket_id
    where c.id > ${range.after} and c.id <= ${range.upTo} and ${htmlHolds(needles)} and t.requester_id <> ${userId} and t.state <> 'erased'
    order by 1 limit ${range.limit}`.execute(db);
  return r.rows.map((h) => ({ ...h, id: Number(h.id), ticket_id: Number(h.ticket_id), comment_id: Number(h.comment_id) }));
}

/** Like remainingHits, for comments whose HTML holds any of the strings. */
export async function remainingHtmlHits(db: Kysely<Database>, needles: string[], userId: number, requestId: number, mode: 'outside_rejected' | 'in_rejected' | 'all'): Promise<number> {
  if (!needles.length) return 0;
  const rejected = sql`exists (select 1 from erasure_request_matches m where m.request_id = ${requestId} and m.location = 'comment' and m.source_id = c.id and m.decision = 'reject')`;
  const keep = mode === 'all' ? sql`` : mode === 'in_rejected' ? sql`and ${rejected}` : sql`and not ${rejected}`;
  const r = await sql<{ c: number | string }>`
    select count(*) as c from comments c join tickets t on t.id = c.ticket_id
    where ${htmlHolds(needles)} and t.requester_id <> ${userId} and t.state <> 'erased' ${keep}`.execute(db);
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
 * not request them: tickets with a match, tickets they wrote in, tickets they are CC'd on,
 * tickets with a message whose address headers named them when it arrived.
 */
export async function rawMailCandidateTickets(db: Kysely<Database>, requestId: number, userId: number, afterId: number, limit: number): Promise<number[]> {
  const r = await sql<{ id: number | string }>`
    select id from tickets t where t.id > ${afterId} and t.requester_id <> ${userId} and t.state <> 'erased' and t.id in (
      select ticket_id from erasure_request_matches where request_id = ${requestId} and location <> 'requested_ticket'
      union select ticket_id from comments where author_id = ${userId}
      union select ticket_id from ticket_collaborators where user_id = ${userId}
      union select rm.ticket_id from raw_message_people p join raw_messages rm on rm.id = p.raw_message_id where p.user_id = ${userId})
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

/** Marks the execution as started, once (a cancellation is refused from then on). */
export async function markExecutionStarted(db: Kysely<Database>, id: number, now: string): Promise<void> {
  await erDb(db).updateTable('erasure_requests').set({ execution_started_at: now }).where('id', '=', id).where('execution_started_at', 'is', null).execute();
}

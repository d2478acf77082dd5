import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../schema.ts';

// The mail channel's queries (migration 2026-11-22-002-mail; table types in schema.ts).

import type {
  MessageDirection,
  OutboundKind,
  OutboundStatus,
  TicketMessageIdsTable,
  RawMessagesTable,
  OutboundMailTable,
  TicketFollowupsTable,
} from '../schema.ts';
export type { MessageDirection, OutboundKind, OutboundStatus, TicketMessageIdsTable, RawMessagesTable, OutboundMailTable, TicketFollowupsTable };
export type OutboundRow = Selectable<OutboundMailTable>;

/** The executor itself: the mail tables are part of Database. */
export function mailDb(db: Kysely<Database>): Kysely<Database> {
  return db;
}

/** The ticket and state a Message-ID hash belongs to, if any. */
export async function findMessageIdOwners(db: Kysely<Database>, hashes: string[]) {
  if (hashes.length === 0) return [];
  return mailDb(db)
    .selectFrom('ticket_message_ids')
    .innerJoin('tickets', 'tickets.id', 'ticket_message_ids.ticket_id')
    .select([
      'ticket_message_ids.message_id_hash as hash',
      'ticket_message_ids.direction as direction',
      'tickets.id as ticket_id',
      'tickets.state as state',
      'tickets.status as status',
    ])
    .where('ticket_message_ids.message_id_hash', 'in', hashes)
    .execute();
}

export async function insertMessageIdHash(db: Kysely<Database>, row: Insertable<TicketMessageIdsTable>): Promise<void> {
  await mailDb(db).insertInto('ticket_message_ids').values(row).execute();
}

export async function insertRawMessage(db: Kysely<Database>, row: Insertable<RawMessagesTable>): Promise<number> {
  const r = await mailDb(db).insertInto('raw_messages').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** The start of the newest stored message of a ticket: enough to read its headers. */
export async function latestRawHead(db: Kysely<Database>, ticketId: number, bytes = 65_536): Promise<Buffer | null> {
  const row = await mailDb(db)
    .selectFrom('raw_messages')
    .select(sql<Buffer>`substr(data, 1, ${bytes})`.as('head'))
    .where('ticket_id', '=', ticketId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? Buffer.from(row.head) : null;
}

export async function insertFollowup(db: Kysely<Database>, ticketId: number, sourceTicketId: number, now: string): Promise<void> {
  await mailDb(db).insertInto('ticket_followups').values({ ticket_id: ticketId, source_ticket_id: sourceTicketId, created_at: now }).execute();
}

/** A live, suspended user holding any of these email keys (released addresses do not count). */
export async function findSuspendedHolder(db: Kysely<Database>, emailKeys: string[]) {
  if (emailKeys.length === 0) return undefined;
  // The holders first, then the users by primary key, not a join: the planner keeps no
  // statistics of value_key (personal data, issue 9), and PostgreSQL estimating the join
  // without them reads every user (bench/statistics-plans.bench.ts).
  const holders = await db
    .selectFrom('identities')
    .select('user_id')
    .where('type', '=', 'email')
    .where('value_key', 'in', emailKeys)
    .where('released', '=', 0)
    .execute();
  if (!holders.length) return undefined;
  return db
    .selectFrom('users')
    .select(['users.id'])
    .where('users.id', 'in', holders.map((h) => h.user_id))
    .where('users.suspended', '=', 1)
    .where('users.deleted_at', 'is', null)
    .where('users.erased_at', 'is', null)
    .executeTakeFirst();
}

/** Is this user a requester or a CC of the ticket? (A subject reference alone is easy to forge.) */
export async function isTicketParticipant(db: Kysely<Database>, ticketId: number, userId: number): Promise<boolean> {
  const t = await db.selectFrom('tickets').select('id').where('id', '=', ticketId).where('requester_id', '=', userId).executeTakeFirst();
  if (t) return true;
  const c = await db
    .selectFrom('ticket_collaborators')
    .select('ticket_id')
    .where('ticket_id', '=', ticketId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return !!c;
}

export async function insertOutbound(db: Kysely<Database>, row: Insertable<OutboundMailTable>): Promise<number> {
  const r = await mailDb(db).insertInto('outbound_mail').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Queued mail whose time has come, oldest first. */
export async function dueOutbound(db: Kysely<Database>, now: string, limit: number): Promise<OutboundRow[]> {
  return mailDb(db)
    .selectFrom('outbound_mail')
    .selectAll()
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Takes a queued mail for one attempt by pushing its next attempt past a lease. The old
 * time is re-checked in the write, so two servers never send the same mail at once.
 */
export async function claimOutbound(db: Kysely<Database>, id: number, seenNextAttempt: string, leaseUntil: string, now: string) {
  const r = await mailDb(db)
    .updateTable('outbound_mail')
    .set({ next_attempt_at: leaseUntil, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('next_attempt_at', '=', seenNextAttempt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateOutbound(
  db: Kysely<Database>,
  id: number,
  patch: Partial<Omit<Selectable<OutboundMailTable>, 'id'>>,
): Promise<void> {
  await mailDb(db).updateTable('outbound_mail').set(patch).where('id', '=', id).execute();
}

/** A ticket's outbox rows (optionally those about one comment), oldest first; at most `limit`. */
export async function outboundOfTicket(db: Kysely<Database>, ticketId: number, commentId?: number, limit = 100): Promise<OutboundRow[]> {
  let q = mailDb(db).selectFrom('outbound_mail').selectAll().where('ticket_id', '=', ticketId);
  if (commentId !== undefined) q = q.where('comment_id', '=', commentId);
  return q.orderBy('id').limit(limit).execute();
}

/** Our earlier Message-IDs on a ticket (oldest first), for the References header. */
export async function outboundMessageIdsOfTicket(db: Kysely<Database>, ticketId: number, exceptId: number, limit = 10) {
  const rows = await mailDb(db)
    .selectFrom('outbound_mail')
    .select(['message_id'])
    .where('ticket_id', '=', ticketId)
    .where('id', '<>', exceptId)
    .where('message_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.message_id!).reverse();
}

/** The live primary email identity of a user, if any. */
export async function primaryEmailOf(db: Kysely<Database>, userId: number): Promise<string | null> {
  const r = await db
    .selectFrom('identities')
    .select('value')
    .where('user_id', '=', userId)
    .where('type', '=', 'email')
    .where('released', '=', 0)
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return r?.value ?? null;
}

/** How many messages (email comments) this person wrote since `since`: their volume for the loop rules. */
export async function countEmailCommentsSince(db: Kysely<Database>, authorId: number, since: string): Promise<number> {
  const r = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('author_id', '=', authorId)
    .where('channel', '=', 'email')
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The newest ticket this person requested that was updated since `since`: a live one (not
 * closed) for an auto-reply to join, or their mail-loop quarantine ticket in Spam.
 */
export async function recentTicketOfRequester(db: Kysely<Database>, userId: number, since: string, which: 'live' | 'mail_loop') {
  let q = db
    .selectFrom('tickets')
    .select(['id'])
    .where('requester_id', '=', userId)
    .where('updated_at', '>=', since);
  q = which === 'live' ? q.where('state', '=', 'active').where('status', '<>', 'closed') : q.where('state', '=', 'spam').where('spam_cause', '=', 'mail_loop');
  const r = await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r?.id ?? null;
}

/**
 * Whether an acknowledgement to this person was queued or sent since `since` (a skipped one
 * does not count; `sentOnly` asks for one that actually went out, other than `exceptId`).
 */
export async function ackedSince(db: Kysely<Database>, recipientId: number, since: string, opts: { sentOnly?: boolean; exceptId?: number } = {}): Promise<boolean> {
  let q = db.selectFrom('outbound_mail').select('id').where('recipient_id', '=', recipientId).where('kind', '=', 'ack');
  q = opts.sentOnly ? q.where('status', '=', 'sent').where('sent_at', '>=', since) : q.where('created_at', '>=', since).where('status', '<>', 'skipped');
  if (opts.exceptId !== undefined) q = q.where('id', '<>', opts.exceptId);
  return !!(await q.limit(1).executeTakeFirst());
}

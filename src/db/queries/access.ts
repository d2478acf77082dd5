import type { Kysely } from 'kysely';
import type { Database, TicketState } from '../schema.ts';
import { mailDb } from './mail.ts';

// Reads for the right-of-access export (src/domain/access). Every list is read a page at a
// time by keyset over an index, so a person with 70,000 tickets is read in bounded steps.

/** Their organization memberships, with each organization's name. */
export async function organizationMembershipsForExport(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('organization_memberships')
    .innerJoin('organizations', 'organizations.id', 'organization_memberships.organization_id')
    .select([
      'organization_memberships.organization_id',
      'organizations.name as organization_name',
      'organization_memberships.is_default',
      'organization_memberships.created_at',
    ])
    .where('organization_memberships.user_id', '=', userId)
    .orderBy('organization_memberships.id')
    .execute();
}

/** Their group memberships (staff), with each group's name. */
export async function groupMembershipsForExport(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('group_memberships')
    .innerJoin('groups', 'groups.id', 'group_memberships.group_id')
    .select(['group_memberships.group_id', 'groups.name as group_name', 'group_memberships.is_default', 'group_memberships.created_at'])
    .where('group_memberships.user_id', '=', userId)
    .orderBy('group_memberships.id')
    .execute();
}

/** When each of their API tokens was made and last used (never the hash). */
export async function apiTokenDatesOf(db: Kysely<Database>, userId: number) {
  return db.selectFrom('api_tokens').select(['created_at', 'last_used_at']).where('user_id', '=', userId).orderBy('id').execute();
}

/** Their browser sessions' dates (never the hash). */
export async function sessionDatesOf(db: Kysely<Database>, userId: number) {
  return db.selectFrom('sessions').select(['created_at', 'last_seen_at', 'expires_at']).where('user_id', '=', userId).orderBy('id').execute();
}

/** A page of the tickets they requested in one state, by id (index tickets_requester). */
export async function requestedTicketsPage(db: Kysely<Database>, userId: number, state: TicketState, afterId: number, limit: number) {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('requester_id', '=', userId)
    .where('state', '=', state)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * The comments of these tickets that belong in the person's export: their own, and the
 * public replies of staff. Internal notes and other end users' comments are left out.
 */
export async function exportableCommentsOf(db: Kysely<Database>, ticketIds: number[], userId: number) {
  if (ticketIds.length === 0) return [];
  return db
    .selectFrom('comments')
    .innerJoin('users', 'users.id', 'comments.author_id')
    .select([
      'comments.id',
      'comments.ticket_id',
      'comments.author_id',
      'users.role as author_role',
      'comments.body',
      'comments.html_body',
      'comments.public',
      'comments.channel',
      'comments.created_at',
    ])
    .where('comments.ticket_id', 'in', ticketIds)
    .where((eb) =>
      eb.or([
        eb('comments.author_id', '=', userId),
        eb.and([eb('comments.public', '=', 1), eb('users.role', 'in', ['agent', 'admin'])]),
      ]),
    )
    .orderBy('comments.ticket_id')
    .orderBy('comments.id')
    .execute();
}

/** A page of the comments they wrote on tickets someone else requested (index comments_author). */
export async function ownCommentsElsewherePage(db: Kysely<Database>, userId: number, afterId: number, limit: number) {
  return db
    .selectFrom('comments')
    .innerJoin('tickets', 'tickets.id', 'comments.ticket_id')
    .select(['comments.id', 'comments.ticket_id', 'comments.body', 'comments.html_body', 'comments.public', 'comments.channel', 'comments.created_at'])
    .where('comments.author_id', '=', userId)
    .where('tickets.requester_id', '<>', userId)
    .where('comments.id', '>', afterId)
    .orderBy('comments.id')
    .limit(limit)
    .execute();
}

/** Attachment metadata (never the bytes) of these comments. */
export async function attachmentMetaOfComments(db: Kysely<Database>, commentIds: number[]) {
  if (commentIds.length === 0) return [];
  return db
    .selectFrom('attachments')
    .select(['id', 'comment_id', 'file_name', 'content_type', 'size', 'inline', 'created_at'])
    .where('comment_id', 'in', commentIds)
    .orderBy('id')
    .execute();
}

/** The tags of these tickets. */
export async function tagsOfTicketIds(db: Kysely<Database>, ticketIds: number[]) {
  if (ticketIds.length === 0) return [];
  return db.selectFrom('ticket_tags').select(['ticket_id', 'tag']).where('ticket_id', 'in', ticketIds).orderBy('tag').execute();
}

/** A page of the tickets they are copied on (index ticket_collaborators_user). */
export async function ccTicketIdsPage(db: Kysely<Database>, userId: number, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('ticket_collaborators')
    .select('ticket_id')
    .where('user_id', '=', userId)
    .where('ticket_id', '>', afterId)
    .orderBy('ticket_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.ticket_id);
}

/** A page of the ids of every comment they wrote, anywhere (index comments_author). */
export async function authoredCommentIdsPage(db: Kysely<Database>, userId: number, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('comments').select('id').where('author_id', '=', userId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** The stored emails behind these comments: metadata only (sizes and dates, never the bytes). */
export async function rawMailMetaOfComments(db: Kysely<Database>, commentIds: number[]) {
  if (commentIds.length === 0) return [];
  return mailDb(db)
    .selectFrom('raw_messages')
    .select(['id', 'ticket_id', 'comment_id', 'size', 'created_at'])
    .where('comment_id', 'in', commentIds)
    .orderBy('id')
    .execute();
}

/** A page of the mail sent (or queued) to them (index outbound_mail_recipient). */
export async function sentMailPage(db: Kysely<Database>, userId: number, afterId: number, limit: number) {
  return mailDb(db)
    .selectFrom('outbound_mail')
    .select(['id', 'kind', 'ticket_id', 'comment_id', 'status', 'sent_at', 'created_at'])
    .where('recipient_id', '=', userId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

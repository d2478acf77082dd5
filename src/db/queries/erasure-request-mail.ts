import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { erDb } from './erasure-requests.ts';

// What erasure-request planning reads about a person's mail beyond the full-text indexes
// (issue 9, item 5): files they sent on other people's tickets, the CC lists they are on.
// Keyset-paged by id, like the rest of planning.

/**
 * Files the person sent — in comments they wrote, or uploaded by them — on tickets they did
 * not request (theirs go with them), not erased, not already an empty `redacted.txt`; ids
 * after `afterId`, ascending.
 */
export async function sentFilesAfter(db: Kysely<Database>, userId: number, afterId: number, limit: number) {
  return db
    .selectFrom('attachments')
    .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
    .select([
      'attachments.id',
      'attachments.ticket_id',
      'attachments.comment_id',
      'attachments.file_name',
      'attachments.content_type',
      'attachments.size',
      'attachments.inline',
      'tickets.state',
      'tickets.status',
    ])
    .where('attachments.id', 'in', (q) =>
      q
        .selectFrom('attachments as a')
        .innerJoin('comments as c', 'c.id', 'a.comment_id')
        .select('a.id')
        .where('c.author_id', '=', userId)
        .union(q.selectFrom('attachments as u').select('u.id').where('u.uploader_id', '=', userId).where('u.comment_id', 'is not', null)),
    )
    .where('attachments.id', '>', afterId)
    .where('tickets.requester_id', '<>', userId)
    .where('tickets.state', '<>', 'erased')
    .where((eb) => eb.or([eb('attachments.file_name', '<>', 'redacted.txt'), eb('attachments.size', '<>', 0), eb('attachments.content_id', 'is not', null)]))
    .orderBy('attachments.id')
    .limit(limit)
    .execute();
}

/** Tickets, after `afterId`, that the person is a CC of without having requested them. */
export async function ccTicketsAfter(db: Kysely<Database>, userId: number, afterId: number, limit: number) {
  return db
    .selectFrom('ticket_collaborators')
    .innerJoin('tickets', 'tickets.id', 'ticket_collaborators.ticket_id')
    .select(['tickets.id', 'tickets.state', 'tickets.status'])
    .where('ticket_collaborators.user_id', '=', userId)
    .where('tickets.id', '>', afterId)
    .where('tickets.requester_id', '<>', userId)
    .where('tickets.state', '<>', 'erased')
    .orderBy('tickets.id')
    .limit(limit)
    .execute();
}

/** Files the agent decided to keep (rejected `sent_attachment` matches): the erasure leaves them. */
export async function keptSentFiles(db: Kysely<Database>, requestId: number): Promise<number[]> {
  const rows = await erDb(db)
    .selectFrom('erasure_request_matches')
    .select('attachment_id')
    .where('request_id', '=', requestId)
    .where('location', '=', 'sent_attachment')
    .where('decision', '=', 'reject')
    .execute();
  return rows.flatMap((r) => (r.attachment_id === null ? [] : [r.attachment_id]));
}

/** Takes the person off a ticket's CC list; true when they were on it. */
export async function removeCollaborator(db: Kysely<Database>, ticketId: number, userId: number): Promise<boolean> {
  const r = await db.deleteFrom('ticket_collaborators').where('ticket_id', '=', ticketId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

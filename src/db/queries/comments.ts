import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CommentsTable, Database } from '../schema.ts';
import { fetchPage, type PageOpts } from './paging.ts';
import { noteCommentForFacts } from './reports-facts.ts';

export type CommentRow = Selectable<CommentsTable>;

export async function insertComment(db: Kysely<Database>, row: Insertable<CommentsTable>): Promise<number> {
  const r = await db.insertInto('comments').values(row).returning('id').executeTakeFirstOrThrow();
  // A public agent comment may be the ticket's first reply (report facts, same transaction).
  await noteCommentForFacts(db, { id: r.id, ticket_id: row.ticket_id, author_id: row.author_id, public: Number(row.public ?? 0), created_at: row.created_at });
  return r.id;
}

export async function getComment(db: Kysely<Database>, id: number) {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One page of a ticket's comments in ascending id order (see ListSource in http/pagination.ts). */
export async function listComments(db: Kysely<Database>, ticketId: number, opts: PageOpts) {
  return fetchPage(db.selectFrom('comments').selectAll().where('ticket_id', '=', ticketId), 'id', opts);
}

export async function countComments(db: Kysely<Database>, ticketId: number): Promise<number> {
  const r = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ticket_id', '=', ticketId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Each ticket's first comment (its description), one query for many tickets. */
export async function firstCommentsOf(db: Kysely<Database>, ticketIds: number[]) {
  if (ticketIds.length === 0) return [];
  return db
    .selectFrom('comments')
    .select(['id', 'ticket_id', 'plain_body', 'public'])
    .where('id', 'in', (eb) =>
      eb.selectFrom('comments').select((e) => e.fn.min('id').as('id')).where('ticket_id', 'in', ticketIds).groupBy('ticket_id'),
    )
    .execute();
}

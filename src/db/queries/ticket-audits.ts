import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { fetchPage, type PageOpts } from './paging.ts';

/** One page of a ticket's audits, ascending by id. */
export async function listTicketAudits(db: Kysely<Database>, ticketId: number, opts: PageOpts) {
  return fetchPage(db.selectFrom('ticket_audits').selectAll().where('ticket_id', '=', ticketId), 'id', opts);
}

export async function countTicketAudits(db: Kysely<Database>, ticketId: number): Promise<number> {
  const r = await db.selectFrom('ticket_audits').select((eb) => eb.fn.countAll<number>().as('n')).where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One audit of one ticket (undefined when the audit is another ticket's). */
export async function getTicketAudit(db: Kysely<Database>, ticketId: number, auditId: number) {
  return db.selectFrom('ticket_audits').selectAll().where('id', '=', auditId).where('ticket_id', '=', ticketId).executeTakeFirst();
}

/** The comments of one ticket among these ids (an audit's Comment events). */
export async function commentsOfTicketByIds(db: Kysely<Database>, ticketId: number, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('comments').selectAll().where('ticket_id', '=', ticketId).where('id', 'in', ids).orderBy('id').execute();
}

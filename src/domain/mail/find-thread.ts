import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findMessageIdOwners } from '../../db/queries/mail.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { isTicketParticipant } from '../../db/queries/mail.ts';
import { hashMessageId } from './message-ids.ts';

/** What the stored Message-IDs say about a message, before anything is written. */
export type IdVerdict =
  /** This very message was stored before (or is ours, sent out and come back). */
  | { kind: 'seen'; ticketId: number; direction: 'in' | 'out'; erased: boolean }
  /** A reply: the nearest id it refers to belongs to this ticket. */
  | { kind: 'reply'; ticketId: number; erased: boolean }
  | { kind: 'none' };

/**
 * Looks the message's own id and its In-Reply-To/References up by hash, in one query.
 * `threadIds` are in the order to trust them: In-Reply-To first, then newest reference.
 */
export async function verdictByIds(db: Kysely<Database>, messageId: string, threadIds: string[]): Promise<IdVerdict> {
  const own = hashMessageId(messageId);
  const thread = threadIds.slice(0, 50).map(hashMessageId);
  const rows = await findMessageIdOwners(db, [own, ...thread]);
  const byHash = new Map(rows.map((r) => [r.hash, r]));
  const mine = byHash.get(own);
  if (mine) return { kind: 'seen', ticketId: mine.ticket_id, direction: mine.direction, erased: mine.state === 'erased' };
  for (const h of thread) {
    const r = byHash.get(h);
    if (r) return { kind: 'reply', ticketId: r.ticket_id, erased: r.state === 'erased' };
  }
  return { kind: 'none' };
}

/**
 * A ticket named in the subject as `[#123]`, when the sender takes part in it. The
 * reference alone is easy to type, so a stranger's `[#123]` starts a new ticket instead.
 */
export async function ticketBySubject(db: Kysely<Database>, subject: string | null, userId: number | null): Promise<number | null> {
  if (!subject || userId === null) return null;
  const m = /\[#(\d{1,10})\]/.exec(subject);
  if (!m) return null;
  const id = Number(m[1]);
  if (!Number.isSafeInteger(id) || id > 2_147_483_647) return null;
  const t = await getTicket(db, id);
  if (!t || t.state === 'erased') return null;
  return (await isTicketParticipant(db, id, userId)) ? id : null;
}

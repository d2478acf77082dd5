import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// Who a stored message names (raw_message_people, migration 2026-12-01-003) and the CCs
// incoming mail adds to a ticket.

/** The live users holding these email keys (released addresses belong to nobody now). */
export async function holdersOfEmailKeys(db: Kysely<Database>, keys: string[]): Promise<number[]> {
  if (!keys.length) return [];
  const rows = await db
    .selectFrom('identities')
    .innerJoin('users', 'users.id', 'identities.user_id')
    .select('users.id')
    .distinct()
    .where('identities.type', '=', 'email')
    .where('identities.value_key', 'in', keys)
    .where('identities.released', '=', 0)
    .where('users.erased_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Records that a stored message names these users (a second record of the same pair changes nothing). */
export async function linkRawMessagePeople(db: Kysely<Database>, rawMessageId: number, userIds: number[]): Promise<void> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  await db
    .insertInto('raw_message_people')
    .values(ids.map((user_id) => ({ raw_message_id: rawMessageId, user_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Adds CCs to a ticket, keeping those it has. */
export async function addCollaborators(db: Kysely<Database>, ticketId: number, userIds: number[]): Promise<void> {
  if (!userIds.length) return;
  await db
    .insertInto('ticket_collaborators')
    .values(userIds.map((user_id) => ({ ticket_id: ticketId, user_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

// ---- what erasing a person reads and writes (src/domain/contacts/erase-contact-mail.ts)

/** Every email address the person has held (released ones too): what their mail is found by. */
export async function emailValuesOf(db: Kysely<Database>, userId: number): Promise<string[]> {
  const rows = await db.selectFrom('identities').select('value').where('user_id', '=', userId).where('type', '=', 'email').execute();
  return rows.map((r) => r.value);
}

/**
 * Links to the person every stored message of the tickets they wrote in or are CC'd on: a
 * reply quoting their Message-ID, or mail from before such links were written, is on those
 * threads. Returns how many links were added.
 */
export async function linkMailOfTicketsTakenPartIn(db: Kysely<Database>, userId: number): Promise<number> {
  const r = await db
    .insertInto('raw_message_people')
    .columns(['raw_message_id', 'user_id'])
    .expression((eb) =>
      eb
        .selectFrom('raw_messages')
        .select(['raw_messages.id', eb.val(userId).as('user_id')])
        .where('raw_messages.ticket_id', 'in', (q) =>
          q
            .selectFrom('comments')
            .select('ticket_id')
            .where('author_id', '=', userId)
            .union(q.selectFrom('ticket_collaborators').select('ticket_id').where('user_id', '=', userId)),
        ),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** Up to `limit` stored messages linked to the person, lowest id first. */
export async function linkedRawMessages(db: Kysely<Database>, userId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('raw_message_people').select('raw_message_id').where('user_id', '=', userId).orderBy('raw_message_id').limit(limit).execute();
  return rows.map((r) => r.raw_message_id);
}

export async function unlinkRawMessage(db: Kysely<Database>, rawMessageId: number, userId: number): Promise<void> {
  await db.deleteFrom('raw_message_people').where('raw_message_id', '=', rawMessageId).where('user_id', '=', userId).execute();
}

/**
 * Up to `limit` files the person sent that are still there, on tickets they did not
 * request (theirs are erased whole): in comments they wrote, or uploaded by them, and not yet
 * an empty `redacted.txt`. `keep` are files an agent decided to keep (an erasure request).
 */
export async function sentAttachments(db: Kysely<Database>, userId: number, keep: number[], limit: number) {
  let q = db
    .selectFrom('attachments')
    .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
    .select(['attachments.id', 'attachments.ticket_id', 'attachments.comment_id'])
    .where('attachments.id', 'in', (q) =>
      q
        .selectFrom('attachments as a')
        .innerJoin('comments as c', 'c.id', 'a.comment_id')
        .select('a.id')
        .where('c.author_id', '=', userId)
        .union(q.selectFrom('attachments as u').select('u.id').where('u.uploader_id', '=', userId).where('u.comment_id', 'is not', null)),
    )
    .where('tickets.requester_id', '<>', userId)
    .where('tickets.state', '<>', 'erased')
    .where((eb) => eb.or([eb('attachments.file_name', '<>', 'redacted.txt'), eb('attachments.size', '<>', 0), eb('attachments.content_id', 'is not', null)]));
  if (keep.length) q = q.where('attachments.id', 'not in', keep);
  const rows = await q.orderBy('attachments.id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, ticketId: r.ticket_id!, commentId: r.comment_id! }));
}

/** Records the hashes of message ids an erasure replaced. */
export async function insertErasedMessageIds(db: Kysely<Database>, hashes: string[], now: string): Promise<void> {
  const unique = [...new Set(hashes)];
  for (let i = 0; i < unique.length; i += 500) {
    await db
      .insertInto('erased_message_ids')
      .values(unique.slice(i, i + 500).map((message_id_hash) => ({ message_id_hash, created_at: now })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Which of these hashes belong to ids an erasure took out. */
export async function erasedAmong(db: Kysely<Database>, hashes: string[]): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  const rows = await db.selectFrom('erased_message_ids').select('message_id_hash').where('message_id_hash', 'in', hashes).execute();
  return new Set(rows.map((r) => r.message_id_hash));
}

/** The comment a stored message became, if any. */
export async function commentOfRawMessage(db: Kysely<Database>, rawMessageId: number): Promise<number | null> {
  const r = await db.selectFrom('raw_messages').select('comment_id').where('id', '=', rawMessageId).executeTakeFirst();
  return r?.comment_id ?? null;
}

/** Gives the comment's inline images new Content-IDs (old → new), as their stored message now says. */
export async function renameContentIds(db: Kysely<Database>, commentId: number, renames: [string, string][]): Promise<void> {
  for (const [from, to] of renames) {
    await db.updateTable('attachments').set({ content_id: to }).where('comment_id', '=', commentId).where('content_id', '=', from).execute();
  }
}

import type { Kysely } from 'kysely';
import type { TestApp } from '../app.ts';
import type { TicketState } from '../../src/db/schema.ts';

// Test data for the erasure tests, written straight through Kysely so the tests do not
// depend on other areas' actions. A unique marker goes everywhere a person's data can go.

const any = (t: TestApp) => t.store.db as unknown as Kysely<any>;
const iso = (t: TestApp) => t.clock.now().toISOString();

let seq = 0;
/** A string found nowhere else in the database. */
export function marker(): string {
  return `mk${process.pid}x${++seq}x${Math.random().toString(36).slice(2, 8)}`;
}

/** A ticket row with sensible defaults; returns its id. */
export async function insertTicket(
  t: TestApp,
  requesterId: number,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const now = iso(t);
  const r = await any(t)
    .insertInto('tickets')
    .values({
      external_id: null, subject: 'A ticket', status: 'open', priority: 'normal', type: 'question',
      requester_id: requesterId, submitter_id: requesterId, assignee_id: null, organization_id: null,
      group_id: null, brand_id: 1, channel: 'web', custom_fields: null, due_at: null, state: 'active',
      spam_cause: null, state_changed_at: null, state_actor_id: null, solved_at: null, erased_at: null,
      created_at: now, updated_at: now, ...extra,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A comment on a ticket; returns its id. */
export async function insertComment(t: TestApp, ticketId: number, authorId: number, body: string): Promise<number> {
  const r = await any(t)
    .insertInto('comments')
    .values({ ticket_id: ticketId, author_id: authorId, body, html_body: `<p>${body}</p>`, plain_body: body, public: 1, channel: 'web', created_at: iso(t) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** An attachment (or, with no ticket, an unused upload); returns its id. */
export async function insertAttachment(
  t: TestApp,
  a: { ticketId: number | null; commentId: number | null; uploaderId: number | null; name: string; bytes: string },
): Promise<number> {
  const r = await any(t)
    .insertInto('attachments')
    .values({
      ticket_id: a.ticketId, comment_id: a.commentId, upload_token: a.ticketId ? null : `tok${++seq}`,
      uploader_id: a.uploaderId, file_name: a.name, content_type: 'text/plain', size: a.bytes.length,
      inline: 0, content_id: null, data: Buffer.from(a.bytes), created_at: iso(t),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Puts a ticket in Spam or Deleted tickets as the other areas' actions would. */
export async function moveTicket(t: TestApp, id: number, state: TicketState, cause: 'marked' | 'contact_deleted' | null = null): Promise<void> {
  await any(t)
    .updateTable('tickets')
    .set({ state, spam_cause: state === 'spam' ? (cause ?? 'marked') : null, state_changed_at: iso(t), state_actor_id: t.owner.id })
    .where('id', '=', id)
    .execute();
}

/** Soft-deletes a contact as delete-contact does: released addresses, active tickets to Spam. */
export async function softDelete(t: TestApp, userId: number): Promise<void> {
  const now = iso(t);
  const db = any(t);
  await db.updateTable('users').set({ deleted_at: now, deleted_by_id: t.owner.id, updated_at: now }).where('id', '=', userId).execute();
  await db.updateTable('identities').set({ released: 1 }).where('user_id', '=', userId).execute();
  await db
    .updateTable('tickets')
    .set({ state: 'spam', spam_cause: 'contact_deleted', state_changed_at: now, state_actor_id: t.owner.id })
    .where('requester_id', '=', userId)
    .where('state', '=', 'active')
    .execute();
}

export interface Person {
  marker: string;
  userId: number;
  otherId: number;
  agentId: number;
  /** Tickets they requested. */
  ticketIds: number[];
  /** Someone else's ticket they commented on and were CC'd on. */
  otherTicketId: number;
  /** Their comment there, which must stay. */
  elsewhereCommentId: number;
  /** An upload of theirs used in that comment (stays with the ticket). */
  elsewhereAttachmentId: number;
  /** An upload of theirs never used (goes with them). */
  unusedUploadId: number;
}

/**
 * A contact with everything a person can have: profile, identities, tags, memberships,
 * token, session, three tickets with comments, attachments, tags, CCs, audits and raw mail,
 * a comment and a CC on someone else's ticket, and an unused upload.
 */
export async function seedPerson(t: TestApp, nTickets = 3): Promise<Person> {
  const m = marker();
  const now = iso(t);
  const db = any(t);
  const agentId = (await t.staff('agent')).id;
  const userId = await t.contact({
    name: `Name ${m}`, email: `${m}@example.test`, phone: '+44 20 7946 0' + String(100 + (seq % 800)),
    alias: `alias ${m}`, notes: `notes ${m}`, details: `details ${m}`, external_id: `ext-${m}`,
    tags: [`tag${m}`], user_fields: { address: `street ${m}` }, time_zone: 'Europe/London', locale: 'en-GB',
    identities: [{ type: 'twitter', value: `tw${m}` }],
  });
  const otherId = await t.contact();
  const org = await db.insertInto('organizations').values({ name: `Org ${m.split("").reverse().join("")}`, details: null, notes: null, external_id: null, domain_names: '[]', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('organization_memberships').values({ user_id: userId, organization_id: org.id, is_default: 1, created_at: now, updated_at: now }).execute();
  const group = await db.insertInto('groups').values({ name: 'Support', description: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('group_memberships').values({ user_id: userId, group_id: group.id, is_default: 1, created_at: now, updated_at: now }).execute();
  await db.insertInto('api_tokens').values({ user_id: userId, token_hash: `hash${m}`, created_at: now, last_used_at: null }).execute();
  await db.insertInto('sessions').values({ user_id: userId, token_hash: `sess${m}`, created_at: now, last_seen_at: now, expires_at: now }).execute();

  const ticketIds: number[] = [];
  for (let i = 0; i < nTickets; i++) {
    const id = await insertTicket(t, userId, {
      subject: `Subject ${m}`, external_id: `tx-${m}-${i}`, custom_fields: JSON.stringify([{ id: 1, value: `cf ${m}` }]),
      assignee_id: agentId, group_id: group.id, organization_id: org.id, brand_id: 7, channel: 'email',
      due_at: now, priority: 'high', type: 'problem', solved_at: null,
    });
    ticketIds.push(id);
    const c1 = await insertComment(t, id, userId, `My address is ${m}`);
    const c2 = await insertComment(t, id, agentId, `Agent reply to ${m}`);
    await insertAttachment(t, { ticketId: id, commentId: c1, uploaderId: userId, name: `scan-${m}.pdf`, bytes: `bytes ${m}` });
    await insertAttachment(t, { ticketId: id, commentId: c2, uploaderId: agentId, name: 'reply.txt', bytes: `agent bytes ${m}` });
    await db.insertInto('ticket_tags').values({ ticket_id: id, tag: `tt${m}` }).execute();
    await db.insertInto('ticket_collaborators').values({ ticket_id: id, user_id: otherId }).execute();
    await db.insertInto('ticket_audits').values({ ticket_id: id, author_id: userId, events: '[{"type":"Create"}]', created_at: now }).execute();
    await db.insertInto('raw_messages').values({ ticket_id: id, comment_id: c1, size: 10, data: Buffer.from(`From: ${m}@example.test`), created_at: now }).execute();
    await db.insertInto('ticket_message_ids').values({ ticket_id: id, message_id_hash: `h${m}${i}`.replace(/mk/, 'hh'), direction: 'in', created_at: now }).execute();
    await db.insertInto('outbound_mail').values({ kind: 'ack', recipient_id: userId, ticket_id: id, comment_id: c2, status: 'sent', attempts: 1, next_attempt_at: now, message_id: null, sent_at: now, last_error_code: null, created_at: now, updated_at: now }).execute();
  }

  const otherTicketId = await insertTicket(t, otherId, { subject: 'Other ticket', assignee_id: agentId });
  await insertComment(t, otherTicketId, otherId, 'Question from the other person');
  const elsewhereCommentId = await insertComment(t, otherTicketId, userId, 'Me too, same problem');
  const elsewhereAttachmentId = await insertAttachment(t, { ticketId: otherTicketId, commentId: elsewhereCommentId, uploaderId: userId, name: 'screenshot.png', bytes: 'png' });
  await db.insertInto('ticket_collaborators').values({ ticket_id: otherTicketId, user_id: userId }).execute();
  await db.insertInto('ticket_audits').values({ ticket_id: otherTicketId, author_id: userId, events: '[{"type":"Comment"}]', created_at: now }).execute();
  const unusedUploadId = await insertAttachment(t, { ticketId: null, commentId: null, uploaderId: userId, name: `draft-${m}.txt`, bytes: `draft ${m}` });

  return { marker: m, userId, otherId, agentId, ticketIds, otherTicketId, elsewhereCommentId, elsewhereAttachmentId, unusedUploadId };
}

/** Rows of a table where `column` is one of `ids`. */
export async function countWhere(t: TestApp, table: string, column: string, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const r = (await any(t).selectFrom(table).select((eb: any) => eb.fn.countAll().as('n')).where(column, 'in', ids).executeTakeFirstOrThrow()) as { n: number };
  return Number(r.n);
}

/** Every row of every table, for "nothing changed" checks. */
export async function snapshot(t: TestApp): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['users', 'identities', 'tickets', 'comments', 'attachments', 'ticket_tags', 'ticket_collaborators', 'ticket_audits', 'user_tags', 'raw_messages', 'outbound_mail', 'api_tokens', 'sessions']) {
    const order = ORDER[table] ?? ['id'];
    let q = any(t).selectFrom(table).selectAll();
    for (const c of order) q = q.orderBy(c);
    const rows = await q.execute();
    // Signing in with a token touches it; that is not a change the tests look for.
    out[table] = table === 'api_tokens' ? rows.map(({ last_used_at: _, ...r }: any) => r) : rows;
  }
  return out;
}

const ORDER: Record<string, string[]> = {
  user_tags: ['user_id', 'tag'],
  ticket_tags: ['ticket_id', 'tag'],
  ticket_collaborators: ['ticket_id', 'user_id'],
};

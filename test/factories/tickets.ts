import type { SpamCause, TicketState, TicketStatus } from '../../src/db/schema.ts';
import type { Staff, TestApp } from '../app.ts';
import { actorOf, dbOf, isoOf, nextSeq, type On } from './where.ts';

// Tickets, comments, attachments, uploads and stored mail. The insert* functions write
// rows straight through Kysely, so a test depends on the schema only and not on other
// areas' actions; the post* functions go through the HTTP API, for tests where the real
// path is what is tested.

/**
 * A ticket row with sensible defaults, any column overridden by `columns`; returns its id. A
 * ticket not active entered its state now, unless `columns` says when.
 */
export async function insertTicket(on: On, requesterId: number, columns: Record<string, unknown> = {}): Promise<number> {
  const now = isoOf(on);
  const r = await dbOf(on)
    .insertInto('tickets')
    .values({
      external_id: null, subject: 'A ticket', status: 'open', priority: 'normal', type: 'question',
      requester_id: requesterId, submitter_id: requesterId, assignee_id: null, organization_id: null,
      group_id: null, brand_id: 1, channel: 'web', custom_fields: null, due_at: null, state: 'active',
      spam_cause: null, state_changed_at: columns.state && columns.state !== 'active' ? now : null,
      state_actor_id: null, solved_at: null, erased_at: null, created_at: now, updated_at: now, ...columns,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A public comment whose HTML form is its text, escaped; returns its id. */
export async function insertComment(on: On, ticketId: number, authorId: number, body: string, columns: Record<string, unknown> = {}): Promise<number> {
  const html = `<p>${body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;
  const r = await dbOf(on)
    .insertInto('comments')
    .values({ ticket_id: ticketId, author_id: authorId, body, html_body: html, plain_body: body, public: 1, channel: 'web', created_at: isoOf(on), ...columns })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface AttachmentSeed {
  /** Null for an upload not yet used in a comment (it then gets an upload token). */
  ticketId: number | null;
  commentId: number | null;
  uploaderId?: number | null;
  name: string;
  bytes?: string;
  contentType?: string;
}

/** An attachment (or, with no ticket, an unused upload); returns its id. */
export async function insertAttachment(on: On, a: AttachmentSeed): Promise<number> {
  const bytes = a.bytes ?? 'file bytes';
  const r = await dbOf(on)
    .insertInto('attachments')
    .values({
      ticket_id: a.ticketId, comment_id: a.commentId, upload_token: a.ticketId ? null : `tok${nextSeq()}`,
      uploader_id: a.uploaderId ?? null, file_name: a.name, content_type: a.contentType ?? 'text/plain', size: bytes.length,
      inline: 0, content_id: null, data: Buffer.from(bytes), created_at: isoOf(on),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A stored raw email for a comment, as the mail channel keeps it; returns its id. */
export async function insertRawMail(on: On, ticketId: number, commentId: number, from: string, body: string): Promise<number> {
  const raw = Buffer.from(
    `From: ${from}\r\nTo: support@oubli.test\r\nSubject: Re: help\r\nMessage-ID: <m${commentId}@mail.test>\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
  const r = await dbOf(on)
    .insertInto('raw_messages')
    .values({ ticket_id: ticketId, comment_id: commentId, size: raw.length, data: raw, created_at: isoOf(on) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface TicketSeed {
  requesterId: number;
  subject?: string | null;
  status?: TicketStatus;
  state?: TicketState;
  assigneeId?: number | null;
  tags?: string[];
  createdAt?: string;
  updatedAt?: string;
  /** Comments by the requester, the first one the description. */
  comments?: string[];
  /** File names attached to the first comment. */
  attachments?: string[];
}

/** A ticket with its comments, attachments and tags, written straight into the tables. */
export async function seedTicket(on: On, s: TicketSeed): Promise<{ id: number; commentIds: number[]; attachmentIds: number[] }> {
  const created = s.createdAt ?? isoOf(on);
  const id = await insertTicket(on, s.requesterId, {
    ...(s.subject !== undefined && { subject: s.subject }),
    status: s.status ?? 'open', state: s.state ?? 'active', assignee_id: s.assigneeId ?? null,
    created_at: created, updated_at: s.updatedAt ?? created,
  });
  const commentIds: number[] = [];
  for (const text of s.comments ?? []) commentIds.push(await insertComment(on, id, s.requesterId, text, { created_at: created }));
  const attachmentIds: number[] = [];
  for (const name of s.attachments ?? []) {
    attachmentIds.push(await insertAttachment(on, { ticketId: id, commentId: commentIds[0] ?? null, uploaderId: s.requesterId, name, bytes: 'x' }));
  }
  if (s.tags?.length) await dbOf(on).insertInto('ticket_tags').values(s.tags.map((tag) => ({ ticket_id: id, tag }))).execute();
  return { id, commentIds, attachmentIds };
}

/** A ticket with one comment (by the requester unless `authorId` says otherwise); returns both ids. */
export async function ticketWith(
  on: On,
  requesterId: number,
  body: string,
  extra: { subject?: string; status?: string; state?: string; authorId?: number } = {},
): Promise<{ ticketId: number; commentId: number }> {
  const ticketId = await insertTicket(on, requesterId, {
    subject: extra.subject ?? 'A question', status: extra.status ?? 'open', state: extra.state ?? 'active',
  });
  const commentId = await insertComment(on, ticketId, extra.authorId ?? requesterId, body);
  return { ticketId, commentId };
}

/** Puts a ticket in Spam or Deleted tickets as the other areas' actions would. */
export async function moveTicket(on: On, id: number, state: TicketState, cause: SpamCause | null = null): Promise<void> {
  await dbOf(on)
    .updateTable('tickets')
    .set({ state, spam_cause: state === 'spam' ? (cause ?? 'marked') : null, state_changed_at: isoOf(on), state_actor_id: actorOf(on) })
    .where('id', '=', id)
    .execute();
}

/** POST /api/v2/tickets (a comment "Hello" unless given) as `who` (the owner by default); returns the ticket. */
export async function postTicket(t: TestApp, ticket: Record<string, unknown>, who?: Staff): Promise<any> {
  const r = await t.call('POST', '/api/v2/tickets', { ticket: { comment: { body: 'Hello' }, ...ticket } }, who);
  if (r.status !== 201) throw new Error(`factory POST /api/v2/tickets: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.ticket;
}

/** POST /api/v2/uploads as `who` (the owner by default); returns the upload's token and file id. */
export async function postUpload(
  t: TestApp,
  name = 'scan.pdf',
  bytes: Buffer | string = `%PDF bytes of ${name} ${nextSeq()}`,
  who: Staff = t.owner,
): Promise<{ token: string; attachmentId: number }> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v2/uploads?filename=${encodeURIComponent(name)}`,
    headers: { authorization: who.auth, 'content-type': 'application/pdf' },
    payload: Buffer.from(bytes),
  });
  if (res.statusCode !== 201) throw new Error(`factory POST /api/v2/uploads: ${res.statusCode} ${res.body}`);
  const up = JSON.parse(res.body).upload;
  return { token: up.token as string, attachmentId: up.attachment.id as number };
}

import type { Kysely } from 'kysely';
import type { TestApp } from '../app.ts';

// Test data for the erasure-request tests: tickets and comments written straight through
// Kysely (fast, and independent of other areas' actions); everything under test goes
// through HTTP.

const any = (t: TestApp) => t.store.db as unknown as Kysely<any>;
const iso = (t: TestApp) => t.clock.now().toISOString();

/** A ticket with one comment; returns both ids. */
export async function ticketWith(
  t: TestApp,
  requesterId: number,
  body: string,
  extra: { subject?: string; status?: string; state?: string; authorId?: number } = {},
): Promise<{ ticketId: number; commentId: number }> {
  const now = iso(t);
  const db = any(t);
  const { id: ticketId } = await db
    .insertInto('tickets')
    .values({
      external_id: null, subject: extra.subject ?? 'A question', status: extra.status ?? 'open', priority: 'normal', type: 'question',
      requester_id: requesterId, submitter_id: requesterId, assignee_id: null, organization_id: null, group_id: null, brand_id: 1,
      channel: 'web', custom_fields: null, due_at: null, state: extra.state ?? 'active', spam_cause: null,
      state_changed_at: extra.state && extra.state !== 'active' ? now : null, state_actor_id: null, solved_at: null, erased_at: null,
      created_at: now, updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const commentId = await addComment(t, ticketId, extra.authorId ?? requesterId, body);
  return { ticketId, commentId };
}

export async function addComment(t: TestApp, ticketId: number, authorId: number, body: string): Promise<number> {
  const html = `<p>${body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;
  const r = await any(t)
    .insertInto('comments')
    .values({ ticket_id: ticketId, author_id: authorId, body, html_body: html, plain_body: body, public: 1, channel: 'web', created_at: iso(t) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function addAttachment(t: TestApp, ticketId: number, commentId: number, name: string, bytes = 'file bytes'): Promise<number> {
  const r = await any(t)
    .insertInto('attachments')
    .values({
      ticket_id: ticketId, comment_id: commentId, upload_token: null, uploader_id: null, file_name: name, content_type: 'application/pdf',
      size: bytes.length, inline: 0, content_id: null, data: Buffer.from(bytes), created_at: iso(t),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A stored raw email for a comment, as the mail channel keeps it. */
export async function addRawMail(t: TestApp, ticketId: number, commentId: number, from: string, body: string): Promise<number> {
  const raw = Buffer.from(
    `From: ${from}\r\nTo: support@oubli.test\r\nSubject: Re: help\r\nMessage-ID: <m${commentId}@mail.test>\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
  const r = await any(t)
    .insertInto('raw_messages')
    .values({ ticket_id: ticketId, comment_id: commentId, size: raw.length, data: raw, created_at: iso(t) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function commentText(t: TestApp, id: number): Promise<{ body: string; html_body: string; plain_body: string } | undefined> {
  return any(t).selectFrom('comments').select(['body', 'html_body', 'plain_body']).where('id', '=', id).executeTakeFirst();
}

export async function rawMail(t: TestApp, id: number): Promise<string | undefined> {
  const r = await any(t).selectFrom('raw_messages').select('data').where('id', '=', id).executeTakeFirst();
  return r ? Buffer.from(r.data).toString('utf8') : undefined;
}

export async function ticketRow(t: TestApp, id: number) {
  return any(t).selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countRows(t: TestApp, table: string, where: Record<string, unknown> = {}): Promise<number> {
  let q: any = any(t).selectFrom(table).select((eb: any) => eb.fn.countAll().as('c'));
  for (const [k, v] of Object.entries(where)) q = q.where(k, '=', v);
  return Number((await q.executeTakeFirst())?.c ?? 0);
}

/** Every page of a list endpoint (cursor style), concatenated. */
export async function allPages(t: TestApp, url: string, key: string): Promise<any[]> {
  const out: any[] = [];
  let next: string | null = `${url}${url.includes('?') ? '&' : '?'}page[size]=100`;
  while (next) {
    const r = await t.call('GET', next.replace(/^https?:\/\/[^/]+/, ''));
    if (r.status !== 200) throw new Error(`GET ${next}: ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...r.body[key]);
    next = r.body.meta.has_more ? r.body.links.next : null;
  }
  return out;
}

import type { Kysely } from 'kysely';
import type { Database, TicketState, TicketStatus } from '../../src/db/schema.ts';

// Test data written straight into the tables, so the search tests depend on the schema
// only and not on the ticket API being built beside them. Test-only.

export interface TicketSeed {
  subject?: string | null;
  requesterId: number;
  assigneeId?: number | null;
  status?: TicketStatus;
  state?: TicketState;
  tags?: string[];
  createdAt?: string;
  updatedAt?: string;
  comments?: string[];
  attachments?: string[];
}

/** Inserts a ticket with its comments (first one is the description) and attachments. */
export async function seedTicket(db: Kysely<Database>, s: TicketSeed): Promise<{ id: number; commentIds: number[]; attachmentIds: number[] }> {
  const created = s.createdAt ?? '2026-11-20T10:00:00.000Z';
  const updated = s.updatedAt ?? created;
  const { id } = await db
    .insertInto('tickets')
    .values({
      external_id: null,
      subject: s.subject === undefined ? 'A ticket' : s.subject,
      status: s.status ?? 'open',
      priority: null,
      type: null,
      requester_id: s.requesterId,
      submitter_id: s.requesterId,
      assignee_id: s.assigneeId ?? null,
      organization_id: null,
      group_id: null,
      brand_id: null,
      channel: 'api',
      custom_fields: null,
      due_at: null,
      state: s.state ?? 'active',
      spam_cause: null,
      state_changed_at: null,
      state_actor_id: null,
      solved_at: null,
      erased_at: null,
      created_at: created,
      updated_at: updated,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const commentIds: number[] = [];
  for (const text of s.comments ?? []) {
    const r = await db
      .insertInto('comments')
      .values({ ticket_id: id, author_id: s.requesterId, body: text, html_body: `<p>${text}</p>`, plain_body: text, public: 1, channel: 'api', created_at: created })
      .returning('id')
      .executeTakeFirstOrThrow();
    commentIds.push(r.id);
  }
  const attachmentIds: number[] = [];
  for (const name of s.attachments ?? []) {
    const r = await db
      .insertInto('attachments')
      .values({
        ticket_id: id,
        comment_id: commentIds[0] ?? null,
        upload_token: null,
        uploader_id: s.requesterId,
        file_name: name,
        content_type: 'text/plain',
        size: 1,
        inline: 0,
        content_id: null,
        data: Buffer.from('x'),
        created_at: created,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    attachmentIds.push(r.id);
  }
  if (s.tags?.length) await db.insertInto('ticket_tags').values(s.tags.map((tag) => ({ ticket_id: id, tag }))).execute();
  return { id, commentIds, attachmentIds };
}

export async function seedOrganization(db: Kysely<Database>, name: string): Promise<number> {
  const now = '2026-11-20T10:00:00.000Z';
  const r = await db
    .insertInto('organizations')
    .values({ name, details: null, notes: null, external_id: null, domain_names: '[]', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function seedGroup(db: Kysely<Database>, name: string): Promise<number> {
  const now = '2026-11-20T10:00:00.000Z';
  const r = await db.insertInto('groups').values({ name, description: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

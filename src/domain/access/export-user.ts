import { exportCallsOf } from '../calls/export-calls.ts';
import type { Ctx } from '../../context.ts';
import type { TicketState } from '../../db/schema.ts';
import {
  apiTokenDatesOf,
  attachmentMetaOfComments,
  authoredCommentIdsPage,
  ccTicketIdsPage,
  exportableCommentsOf,
  groupMembershipsForExport,
  organizationMembershipsForExport,
  ownCommentsElsewherePage,
  rawMailMetaOfComments,
  requestedTicketsPage,
  sentMailPage,
  sessionDatesOf,
  tagsOfTicketIds,
} from '../../db/queries/access.ts';
import { getUser, identitiesOf, tagsOfUsers, type UserRow } from '../../db/queries/users.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { recordRecipients } from '../recipients/record-recipients.ts';
import { authorize, canExportUser, canWorkTickets } from '../policy.ts';
import { chatVisitorsForExport } from './export-chats.ts';
import { ratingsOfRequesterPage, responsesOfUserPage } from '../../db/queries/satisfaction.ts';
import { jsonArray, pages, sec, type Json } from './json-stream.ts';

// The right of access (GDPR Art. 15 and 20; docs/redaction.md, "Right of access"): one JSON
// document with everything Oubli holds about a person, other people's data left out. It is
// written as it is read, a page at a time, so its size does not depend on memory.

/** Tickets read per page; their comments and attachments come with them. */
const TICKETS_PER_PAGE = 100;
const ROWS_PER_PAGE = 500;
const STATES: TicketState[] = ['active', 'spam', 'deleted', 'erased'];

export interface UserExport {
  userId: number;
  /** The document, in pieces of JSON text, read lazily from the database. */
  chunks: AsyncIterable<string>;
}

const ABOUT =
  'Everything this helpdesk holds about you: your profile, addresses, tags and memberships; the tickets you ' +
  'requested with your own comments and the public replies of support staff; comments you wrote on other ' +
  "tickets; file names and sizes of attachments; the calls on your tickets with their transcripts and links to their recordings; when mail was received from you or sent to you; and your chat " +
  'visitor profiles with their visits (IP address, browser, pages) and chats. Other ' +
  "people's data is left out: internal notes of staff, other customers' comments, names and addresses of " +
  'staff and of people copied on your tickets. Staff appear as "support".';

function stateOf(u: UserRow): string {
  return u.deleted_at ? 'deleted' : u.suspended ? 'suspended' : 'active';
}

function parsed(text: string | null): Json {
  if (!text) return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

export interface ExportUserDataInput {
  userId: number;
}

/**
 * Starts the export of a person's data (GET /users/{id}/export). Staff only; staff members'
 * own data only for admins (or themselves). Deleted contacts can be exported (it is still
 * their data); erased ones are 404. The access is recorded in the audit log.
 */
export async function exportUserData(ctx: Ctx, { userId }: ExportUserDataInput): Promise<UserExport> {
  const actor = ctx.actor!;
  authorize(canWorkTickets(actor));
  const user = await getUser(ctx.db, userId);
  if (!user || user.erased_at) throw notFound();
  authorize(canExportUser(actor, user));
  if (user.erasing_since) throw new AppError('conflict', 'This user is being permanently deleted; there is nothing left to export.');
  await ctx.db.transaction().execute(async (trx) => {
    await recordEvent(ctx, trx, { action: 'user.exported', subjectType: 'user', subjectId: userId, details: {} });
    // The erasure ledger (docs/webhooks.md "Who was told"): whoever took the export holds her data.
    await recordRecipients(ctx, trx, { userIds: [userId], recipient: { kind: 'access_export', recipientKey: `user:${actor.id}`, recipientUserId: actor.id } });
  });
  return { userId, chunks: document(ctx, user) };
}

async function* document(ctx: Ctx, user: UserRow): AsyncGenerator<string> {
  const db = ctx.db;
  const uid = user.id;
  const head = {
    format_version: 1,
    generated_at: sec(ctx.now().toISOString()),
    user_id: uid,
    about: ABOUT,
    profile: {
      id: uid,
      name: user.name,
      alias: user.alias,
      role: user.role,
      state: stateOf(user),
      verified: user.verified === 1,
      external_id: user.external_id,
      notes: user.notes,
      details: user.details,
      user_fields: parsed(user.user_fields),
      locale: user.locale,
      time_zone: user.time_zone,
      has_password: user.password_hash !== null,
      created_at: sec(user.created_at),
      updated_at: sec(user.updated_at),
      deleted_at: sec(user.deleted_at),
    },
    identities: (await identitiesOf(db, [uid])).map((i) => ({
      type: i.type,
      value: i.value,
      primary: i.is_primary === 1,
      verified: i.verified === 1,
      released: i.released === 1,
      created_at: sec(i.created_at),
    })),
    tags: (await tagsOfUsers(db, [uid])).map((t) => t.tag),
    organization_memberships: (await organizationMembershipsForExport(db, uid)).map((m) => ({
      organization: { id: m.organization_id, name: m.organization_name },
      default: m.is_default === 1,
      created_at: sec(m.created_at),
    })),
    group_memberships: (await groupMembershipsForExport(db, uid)).map((m) => ({
      group: { id: m.group_id, name: m.group_name },
      default: m.is_default === 1,
      created_at: sec(m.created_at),
    })),
    sign_in: {
      api_tokens: (await apiTokenDatesOf(db, uid)).map((t) => ({ created_at: sec(t.created_at), last_used_at: sec(t.last_used_at) })),
      sessions: (await sessionDatesOf(db, uid)).map((s) => ({ created_at: sec(s.created_at), last_seen_at: sec(s.last_seen_at), expires_at: sec(s.expires_at) })),
    },
  };
  const headJson = JSON.stringify(head);
  yield `{"user_export":${headJson.slice(0, -1)}`;

  yield ',"requested_tickets":';
  yield* jsonArray(requestedTickets(ctx, uid));
  yield ',"tickets_copied_on":';
  yield* jsonArray(pages((after) => ccTicketIdsPage(db, uid, after, ROWS_PER_PAGE), (id) => id));
  yield ',"comments_on_other_tickets":';
  yield* jsonArray(commentsElsewhere(ctx, uid));
  yield ',"calls":';
  yield* jsonArray(exportCallsOf(ctx, uid));
  yield ',"mail":{"received_from_you":';
  yield* jsonArray(receivedMail(ctx, uid));
  yield ',"sent_to_you":';
  yield* jsonArray(
    pages(
      (after) => sentMailPage(db, uid, after, ROWS_PER_PAGE),
      (m) => m.id,
      (m) => ({ kind: m.kind, ticket_id: m.ticket_id, status: m.status, created_at: sec(m.created_at), sent_at: sec(m.sent_at) }),
    ),
  );
  // Visitor profiles linked to her, with sessions, pages and chats (export-chats.ts).
  yield '},"chat_visitors":';
  yield* jsonArray(chatVisitorsForExport(ctx, uid));
  // Their CSAT ratings and NPS answers (docs/satisfaction.md): scores and their own words.
  yield ',"satisfaction_ratings":';
  yield* jsonArray(
    pages(
      (after) => ratingsOfRequesterPage(db, uid, after, ROWS_PER_PAGE),
      (r) => r.id,
      (r) => ({ ticket_id: r.ticket_id, score: r.score, comment: r.comment, created_at: sec(r.created_at), updated_at: sec(r.updated_at) }),
    ),
  );
  yield ',"nps_responses":';
  yield* jsonArray(
    pages(
      (after) => responsesOfUserPage(db, uid, after, ROWS_PER_PAGE),
      (r) => r.id,
      (r) => ({ survey_id: r.survey_id, rating: r.score, comment: r.comment, created_at: sec(r.created_at) }),
    ),
  );
  yield '}}';
}

/** Comments as exported: the author is "you" or "support", never a staff member's name or id. */
function presentComment(c: { id: number; author_id: number; body: string; html_body: string; public: number; channel: string; created_at: string }, uid: number, files: Json[]) {
  return {
    id: c.id,
    from: c.author_id === uid ? 'you' : 'support',
    public: c.public === 1,
    channel: c.channel,
    created_at: sec(c.created_at),
    body: c.body,
    html_body: c.html_body,
    attachments: files,
  };
}

function presentFile(a: { id: number; file_name: string; content_type: string; size: number; inline: number; created_at: string }): Json {
  return { id: a.id, file_name: a.file_name, content_type: a.content_type, size: a.size, inline: a.inline === 1, created_at: sec(a.created_at) };
}

async function* requestedTickets(ctx: Ctx, uid: number): AsyncGenerator<Json[]> {
  for (const state of STATES) {
    for (let after = 0; ; ) {
      const tickets = await requestedTicketsPage(ctx.db, uid, state, after, TICKETS_PER_PAGE);
      if (tickets.length === 0) break;
      after = tickets[tickets.length - 1]!.id;
      const ids = tickets.map((t) => t.id);
      const tags = await tagsOfTicketIds(ctx.db, ids);
      const comments = await exportableCommentsOf(ctx.db, ids, uid);
      const files = await attachmentMetaOfComments(ctx.db, comments.map((c) => c.id));
      yield tickets.map((t) => ({
        id: t.id,
        subject: t.subject,
        status: t.status,
        state: t.state,
        priority: t.priority,
        type: t.type,
        channel: t.channel,
        tags: tags.filter((x) => x.ticket_id === t.id).map((x) => x.tag),
        custom_fields: parsed(t.custom_fields),
        due_at: sec(t.due_at),
        created_at: sec(t.created_at),
        updated_at: sec(t.updated_at),
        solved_at: sec(t.solved_at),
        erased_at: sec(t.erased_at),
        comments: comments
          .filter((c) => c.ticket_id === t.id)
          .map((c) => presentComment(c, uid, files.filter((f) => f.comment_id === c.id).map(presentFile))),
      }));
      if (tickets.length < TICKETS_PER_PAGE) break;
    }
  }
}

async function* commentsElsewhere(ctx: Ctx, uid: number): AsyncGenerator<Json[]> {
  for (let after = 0; ; ) {
    const rows = await ownCommentsElsewherePage(ctx.db, uid, after, ROWS_PER_PAGE);
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    const files = await attachmentMetaOfComments(ctx.db, rows.map((c) => c.id));
    yield rows.map((c) => ({
      ticket_id: c.ticket_id,
      ...presentComment({ ...c, author_id: uid }, uid, files.filter((f) => f.comment_id === c.id).map(presentFile)),
    }));
    if (rows.length < ROWS_PER_PAGE) return;
  }
}

async function* receivedMail(ctx: Ctx, uid: number): AsyncGenerator<Json[]> {
  for (let after = 0; ; ) {
    const ids = await authoredCommentIdsPage(ctx.db, uid, after, ROWS_PER_PAGE);
    if (ids.length === 0) return;
    after = ids[ids.length - 1]!;
    const rows = await rawMailMetaOfComments(ctx.db, ids);
    if (rows.length) yield rows.map((m) => ({ ticket_id: m.ticket_id, comment_id: m.comment_id, size: m.size, received_at: sec(m.created_at) }));
    if (ids.length < ROWS_PER_PAGE) return;
  }
}

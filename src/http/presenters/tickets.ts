import type { FastifyRequest } from 'fastify';
import { readUsers } from '../../domain/contacts/read-users.ts';
import { readFirstComments } from '../../domain/tickets/read-first-comments.ts';
import { readTicketExtras } from '../../domain/tickets/read-ticket-extras.ts';
import type { TicketRow } from '../../domain/tickets/read-ticket.ts';
import type { TicketAuditRow } from '../../domain/tickets/ticket-audit.ts';
import type { DeletedTicket, SpamTicket, Ticket, TicketAudit } from '../../shared/tickets.ts';
import { apiBase, bool, parseJson, ts } from './common.ts';
import { readTicketRatings, reasonsOf } from '../../domain/satisfaction/read-satisfaction.ts';

/** What a list of tickets needs besides the rows, loaded in three queries for the whole page. */
async function loadExtras(req: FastifyRequest, rows: TicketRow[]) {
  const { tags, collaborators, firstComments: firsts } = await readTicketExtras(req.ctx, { ticketIds: rows.map((t) => t.id) });
  const group = <T extends { ticket_id: number }, V>(list: T[], pick: (r: T) => V) => {
    const m = new Map<number, V[]>();
    for (const r of list) (m.get(r.ticket_id) ?? m.set(r.ticket_id, []).get(r.ticket_id)!).push(pick(r));
    return m;
  };
  const ratings = await readTicketRatings(req.ctx, { ticketIds: rows.map((t) => t.id) });
  const reasons = await reasonsOf(req.ctx, ratings);
  return {
    ratings: new Map(ratings.map((r) => [r.ticket_id, { id: r.id, score: r.score, comment: r.comment, reason: r.reason_id !== null ? (reasons.get(r.reason_id)?.value ?? null) : null }])),
    tags: group(tags, (r) => r.tag),
    collaborators: group(collaborators, (r) => r.user_id),
    first: new Map(firsts.map((c) => [c.ticket_id, c])),
  };
}

/** Zendesk's ticket objects for a page of rows (tags, CCs and descriptions batch-loaded). */
export async function presentTickets(req: FastifyRequest, rows: TicketRow[]): Promise<Ticket[]> {
  const base = apiBase(req);
  const x = await loadExtras(req, rows);
  return rows.map((t) => {
    const first = x.first.get(t.id);
    return {
      id: t.id,
      url: `${base}/tickets/${t.id}.json`,
      external_id: t.external_id,
      via: { channel: t.channel, source: { from: {}, to: {}, rel: null } },
      created_at: ts(t.created_at),
      updated_at: ts(t.updated_at),
      type: t.type,
      subject: t.subject,
      raw_subject: t.subject,
      description: first?.plain_body ?? null,
      priority: t.priority,
      status: t.status,
      recipient: null,
      requester_id: t.requester_id,
      submitter_id: t.submitter_id,
      assignee_id: t.assignee_id,
      organization_id: t.organization_id,
      group_id: t.group_id,
      brand_id: t.brand_id,
      collaborator_ids: x.collaborators.get(t.id) ?? [],
      follower_ids: [],
      email_cc_ids: x.collaborators.get(t.id) ?? [],
      has_incidents: false,
      is_public: first ? bool(first.public) : false,
      due_at: ts(t.due_at),
      tags: x.tags.get(t.id) ?? [],
      custom_fields: parseJson<{ id: number; value: unknown }[]>(t.custom_fields, []),
      allow_attachments: true,
      satisfaction_rating: x.ratings.get(t.id) ?? null,
      state: t.state,
    };
  });
}

export async function presentTicket(req: FastifyRequest, row: TicketRow): Promise<Ticket> {
  return (await presentTickets(req, [row]))[0]!;
}

/** Tickets of the Spam view: each with the status it will return to and why it is there. */
export async function presentSpamTickets(req: FastifyRequest, rows: TicketRow[]): Promise<SpamTicket[]> {
  const tickets = await presentTickets(req, rows);
  return tickets.map((t, i) => ({
    ...t,
    previous_status: rows[i]!.status,
    spam_cause: rows[i]!.spam_cause,
    marked_spam_at: ts(rows[i]!.state_changed_at),
    marked_spam_by_id: rows[i]!.state_actor_id,
  }));
}

/** Zendesk's deleted_ticket objects: who deleted it, when, and the status it will return to. */
export async function presentDeletedTickets(req: FastifyRequest, rows: TicketRow[]): Promise<DeletedTicket[]> {
  const [firsts, actors] = await Promise.all([
    readFirstComments(req.ctx, { ticketIds: rows.map((t) => t.id) }),
    readUsers(req.ctx, { userIds: [...new Set(rows.flatMap((t) => (t.state_actor_id ? [t.state_actor_id] : [])))], shown: 'any' }),
  ]);
  const first = new Map(firsts.map((c) => [c.ticket_id, c.plain_body]));
  const actor = new Map(actors.map((u) => [u.id, { id: u.id, name: u.name }]));
  return rows.map((t) => ({
    id: t.id,
    subject: t.subject,
    description: first.get(t.id) ?? null,
    actor: t.state_actor_id ? (actor.get(t.state_actor_id) ?? null) : null,
    deleted_at: ts(t.state_changed_at),
    previous_state: t.status,
  }));
}

/** A ticket audit: the history entry a create or update wrote. */
export function presentAudit(a: TicketAuditRow): TicketAudit {
  return {
    id: a.id,
    ticket_id: a.ticket_id,
    created_at: ts(a.created_at),
    author_id: a.author_id,
    metadata: {},
    events: parseJson<unknown[]>(a.events, []),
  };
}

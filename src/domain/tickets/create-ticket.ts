import type { Ctx } from '../../context.ts';
import type { TicketStatus } from '../../db/schema.ts';
import { insertCollaborators, insertTicket, insertTicketTags, type TicketAuditRow } from '../../db/queries/tickets.ts';
import { defaultOrganizationsOf, findLiveUserByEmail } from '../../db/queries/users.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField } from '../../errors.ts';
import type { TicketCreate } from '../../shared/tickets.ts';
import { createUserInTransaction } from '../contacts/create-user.ts';
import { normalizeIdentity } from '../contacts/identity-values.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { fieldEvent, writeTicketAudit, type AuditEvent } from './ticket-audit.ts';
import {
  actorId,
  checkCollaborators,
  checkReferences,
  checkRequester,
  mergeCustomFields,
  normalizeTags,
  refuseClosedStatus,
  solvedAtFor,
} from './ticket-rules.ts';
import { addCommentInTransaction, commentHasContent, type CommentWrite } from './write-comment.ts';
import { queueTicketMail } from '../mail/queue-notification.ts';

/** A new ticket: the API's shape, plus the channel it came in by and files carried in (mail). */
export type CreateTicketInput = Omit<TicketCreate, 'comment'> & {
  comment?: CommentWrite;
  channel?: string;
  /** More rows that belong to the new ticket, written in its transaction (a call: src/domain/calls). */
  /** Finds or makes the requester another way than by email (a caller by phone: src/domain/calls). */
  requesterOf?: (trx: Kysely<Database>) => Promise<number>;
  alsoWrite?: (trx: Kysely<Database>, ids: { ticketId: number; commentId: number; requesterId: number }) => Promise<void>;
  /** The first comment is the requester's words (a chat's transcript), not the submitter's. */
  commentByRequester?: boolean;
};

export interface TicketWriteResult {
  ticketId: number;
  audit: TicketAuditRow;
}

/**
 * The requester's id: given, found by email, or a new contact made for that email — in
 * the ticket's transaction, so a refused ticket leaves no stray contact behind.
 */
async function resolveRequester(ctx: Ctx, trx: Kysely<Database>, input: CreateTicketInput): Promise<number> {
  if (input.requester_id !== undefined) return input.requester_id;
  if (input.requesterOf) return input.requesterOf(trx);
  if (input.requester) {
    const { value, key } = normalizeIdentity('email', input.requester.email);
    const found = await findLiveUserByEmail(trx, key);
    if (found) return found.id;
    const name = input.requester.name ?? value.split('@')[0]!;
    return createUserInTransaction(ctx, trx, { name, email: value });
  }
  const me = actorId(ctx);
  if (me === null) throw invalidField('requester_id', 'Requester: is required.');
  return me;
}

/** Creates a ticket with its first comment (its description), as the actor (docs/lifecycle.md). */
export async function createTicket(ctx: Ctx, input: CreateTicketInput): Promise<TicketWriteResult> {
  authorize(canWorkTickets(ctx.actor!));
  if (!commentHasContent(input.comment)) throw invalidField('description', 'Description: cannot be blank');
  refuseClosedStatus(input.status);
  const tags = normalizeTags(input.tags ?? []);
  const customFields = mergeCustomFields([], input.custom_fields ?? []);
  const channel = input.channel ?? 'api';
  const now = ctx.now().toISOString();

  let queued: number | null = null;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const requesterId = await resolveRequester(ctx, trx, input);
    await checkRequester(trx, requesterId);
    await checkReferences(trx, input);
    const collaborators = await checkCollaborators(trx, input.collaborator_ids ?? [], requesterId);
    let organizationId = input.organization_id ?? null;
    if (input.organization_id === undefined) {
      organizationId = (await defaultOrganizationsOf(trx, [requesterId]))[0]?.organization_id ?? null;
    }
    // A ticket with an assignee is being worked on: Zendesk makes `new` into `open`.
    let status: TicketStatus = input.status ?? 'new';
    if (status === 'new' && input.assignee_id) status = 'open';
    const submitterId = actorId(ctx) ?? requesterId;
    const ticketId = await insertTicket(trx, {
      external_id: input.external_id ?? null,
      subject: input.subject ?? null,
      status,
      priority: input.priority ?? null,
      type: input.type ?? null,
      requester_id: requesterId,
      submitter_id: submitterId,
      assignee_id: input.assignee_id ?? null,
      organization_id: organizationId,
      group_id: input.group_id ?? null,
      brand_id: input.brand_id ?? null,
      channel,
      custom_fields: customFields.length ? JSON.stringify(customFields) : null,
      due_at: input.due_at ? new Date(input.due_at).toISOString() : null,
      state: 'active',
      spam_cause: null,
      state_changed_at: null,
      state_actor_id: null,
      solved_at: solvedAtFor(null, status, null, now),
      erased_at: null,
      created_at: now,
      updated_at: now,
    });
    await insertTicketTags(trx, ticketId, tags);
    await insertCollaborators(trx, ticketId, collaborators);

    const events: AuditEvent[] = [];
    const set = (field: string, value: unknown) => {
      if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) {
        events.push(fieldEvent('Create', field, value));
      }
    };
    set('subject', input.subject);
    set('status', status);
    set('priority', input.priority);
    set('type', input.type);
    set('requester_id', requesterId);
    set('submitter_id', submitterId);
    set('assignee_id', input.assignee_id);
    set('group_id', input.group_id);
    set('organization_id', organizationId);
    set('brand_id', input.brand_id);
    set('collaborator_ids', collaborators);
    set('tags', tags);
    set('custom_fields', customFields.map((f) => f.id));
    set('external_id', input.external_id);
    set('due_at', input.due_at);
    const comment = input.comment!;
    const authorId = comment.author_id ?? (input.commentByRequester ? requesterId : submitterId);
    const first = await addCommentInTransaction(ctx, trx, { ticketId, authorId, channel, comment });
    events.push(first);
    if (input.alsoWrite && first.type === 'Comment') await input.alsoWrite(trx, { ticketId, commentId: first.id, requesterId });
    // The requester hears of the new ticket by mail: an acknowledgement when they wrote it,
    // the agent's opening comment when an agent opened it for them (Zendesk's two default
    // notifications). Mail-created tickets queue their own in src/domain/mail.
    if (first.type === 'Comment' && channel !== 'email') {
      const kind = authorId === requesterId ? 'ack' : 'reply';
      queued = await queueTicketMail(ctx, trx, { kind, ticketId, commentId: first.id });
    }
    const audit = await writeTicketAudit(ctx, trx, ticketId, events);
    await recordEvent(ctx, trx, {
      action: 'ticket.created',
      subjectType: 'ticket',
      subjectId: ticketId,
      details: { channel, status, requester_id: requesterId, fields: events.flatMap((e) => ('field_name' in e ? [e.field_name] : [])) },
    });
    return { ticketId, audit };
  }).catch((err) => {
    // Two tickets racing to create a contact for the same new address: the index decides.
    if (isUniqueViolation(err)) throw invalidField('requester', 'Requester: that email address was just taken; try again.');
    throw err;
  });
  // Committed: the outbox can see the mail now, so it need not wait for its next poll.
  if (queued !== null) ctx.mailQueued?.();
  return result;
}

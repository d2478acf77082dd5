import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { TicketsTable, TicketStatus } from '../../db/schema.ts';
import { collaboratorsOfTickets, replaceCollaborators, replaceTicketTags, tagsOfTickets, updateTicketRow } from '../../db/queries/tickets.ts';
import { AppError, invalidField } from '../../errors.ts';
import type { TicketUpdate } from '../../shared/tickets.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { fieldEvent, writeTicketAudit, type AuditEvent } from './ticket-audit.ts';
import {
  actorId,
  assertEditable,
  checkCollaborators,
  checkReferences,
  checkRequester,
  lockTicket,
  mergeCustomFields,
  normalizeTags,
  refuseClosedStatus,
  solvedAtFor,
  parseCustomFields,
} from './ticket-rules.ts';
import { addCommentInTransaction, commentHasContent, type CommentWrite } from './write-comment.ts';
import { queueTicketMail } from '../mail/queue-notification.ts';
import { deleteDraft } from '../../db/queries/workspace.ts';
import type { TicketWriteResult } from './create-ticket.ts';

/** Changes to a ticket: the API's shape, plus files carried in with the comment (mail). */
export type TicketChanges = Omit<TicketUpdate, 'comment'> & { comment?: CommentWrite; channel?: string };

/** Fields an update sets as they are given. */
type ScalarField = 'subject' | 'priority' | 'type' | 'external_id' | 'brand_id' | 'requester_id' | 'assignee_id' | 'group_id' | 'organization_id';

const sameIds = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export interface UpdateTicketInput {
  ticketId: number;
  changes: TicketChanges;
}

/**
 * Zendesk's `safe_update`: refuses an update made from a stale read. Compared in whole
 * seconds, the precision of the `updated_at` the API hands out.
 */
function assertNotChangedSince(updatedAt: string, input: TicketChanges): void {
  if (!input.safe_update) return;
  if (!input.updated_stamp) throw invalidField('updated_stamp', 'updated_stamp: is required with safe_update (the updated_at you last read)');
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  if (seconds(updatedAt) > seconds(input.updated_stamp)) {
    throw new AppError('update_conflict', 'The ticket was changed after you read it (updated_at is later than updated_stamp); read it again and resubmit.');
  }
}

/**
 * Changes a ticket's fields and adds a comment, in one audit. A closed ticket cannot be
 * changed at all, and `closed` is not a status an update may set (docs/lifecycle.md).
 */
export async function updateTicket(ctx: Ctx, { ticketId: id, changes: input }: UpdateTicketInput): Promise<TicketWriteResult> {
  authorize(canWorkTickets(ctx.actor!));
  let queued: number | null = null;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const t = await lockTicket(ctx, trx, id);
    assertEditable(t);
    assertNotChangedSince(t.updated_at, input);
    refuseClosedStatus(input.status);
    if (input.comment && !commentHasContent(input.comment)) throw invalidField('comment', 'Comment: cannot be blank');
    const now = ctx.now().toISOString();
    const patch: Updateable<TicketsTable> = {};
    const events: AuditEvent[] = [];
    const change = <K extends ScalarField>(field: K, next: TicketsTable[K] | undefined) => {
      if (next === undefined || (next as unknown) === t[field]) return;
      (patch as Record<string, unknown>)[field] = next;
      events.push(fieldEvent('Change', field, next, t[field]));
    };

    if (input.requester_id !== undefined && input.requester_id !== t.requester_id) await checkRequester(trx, input.requester_id);
    await checkReferences(trx, input);
    change('subject', input.subject);
    change('priority', input.priority);
    change('type', input.type);
    change('external_id', input.external_id);
    change('brand_id', input.brand_id);
    change('requester_id', input.requester_id);
    change('assignee_id', input.assignee_id);
    change('group_id', input.group_id);
    change('organization_id', input.organization_id);
    if (input.due_at !== undefined) {
      const due = input.due_at ? new Date(input.due_at).toISOString() : null;
      if (due !== t.due_at) {
        patch.due_at = due;
        events.push(fieldEvent('Change', 'due_at'));
      }
    }

    // A ticket that gets an assignee is being worked on: Zendesk makes `new` into `open`.
    let status: TicketStatus = input.status ?? t.status;
    if (input.status === undefined && status === 'new' && patch.assignee_id) status = 'open';
    if (status !== t.status) {
      patch.status = status;
      patch.solved_at = solvedAtFor(t.status, status, t.solved_at, now);
      events.push(fieldEvent('Change', 'status', status, t.status));
    }

    if (input.custom_fields !== undefined) {
      const current = parseCustomFields(t.custom_fields);
      const merged = mergeCustomFields(current, input.custom_fields);
      if (JSON.stringify(merged) !== JSON.stringify(current)) {
        patch.custom_fields = merged.length ? JSON.stringify(merged) : null;
        events.push(fieldEvent('Change', 'custom_fields'));
      }
    }

    if (input.tags !== undefined || input.additional_tags !== undefined || input.remove_tags !== undefined) {
      const current = (await tagsOfTickets(trx, [id])).map((r) => r.tag);
      let next = input.tags !== undefined ? normalizeTags(input.tags) : current;
      if (input.additional_tags) next = normalizeTags([...next, ...input.additional_tags]);
      if (input.remove_tags) {
        const drop = new Set(normalizeTags(input.remove_tags));
        next = next.filter((tag) => !drop.has(tag));
      }
      if (next.join(' ') !== current.join(' ')) {
        await replaceTicketTags(trx, id, next);
        events.push(fieldEvent('Change', 'tags'));
      }
    }

    if (input.collaborator_ids !== undefined) {
      const requesterId = (patch.requester_id as number | undefined) ?? t.requester_id;
      const next = await checkCollaborators(trx, input.collaborator_ids, requesterId);
      const current = (await collaboratorsOfTickets(trx, [id])).map((r) => r.user_id);
      if (!sameIds(next, current)) {
        await replaceCollaborators(trx, id, next);
        events.push(fieldEvent('Change', 'collaborator_ids', next, current));
      }
    }

    if (input.comment) {
      const me = actorId(ctx) ?? t.requester_id;
      const added = await addCommentInTransaction(ctx, trx, {
        ticketId: id,
        authorId: input.comment.author_id ?? me,
        channel: input.channel ?? 'api',
        comment: input.comment,
      });
      events.push(added);
      // The reply is sent: the agent's draft of it goes in the same commit.
      if (ctx.actor && ctx.actor.id) await deleteDraft(trx, id, ctx.actor.id);
      // A public agent reply goes to the requester by mail (queued in this transaction,
      // sent after commit); private notes and the requester's own words do not.
      if (added.type === 'Comment') queued = await queueTicketMail(ctx, trx, { kind: 'reply', ticketId: id, commentId: added.id });
    }

    if (events.length) {
      patch.updated_at = now;
      await updateTicketRow(trx, id, patch);
    }
    const audit = await writeTicketAudit(ctx, trx, id, events);
    await recordEvent(ctx, trx, {
      action: 'ticket.updated',
      subjectType: 'ticket',
      subjectId: id,
      details: {
        fields: events.flatMap((e) => ('field_name' in e ? [e.field_name] : [])),
        comment: events.some((e) => e.type === 'Comment'),
      },
    });
    return { ticketId: id, audit };
  });
  // Committed: the outbox can see the mail now, so it need not wait for its next poll.
  if (queued !== null) ctx.mailQueued?.();
  return result;
}

import type { EventDetails } from '../events.ts';
import type { WebhookEventType } from '../../shared/webhooks.ts';

// Which audit actions are webhook events (docs/webhooks.md "Events"). Every action already
// records an audit event, with ids only, in its own transaction; the events below are queued
// from there, so an event is in the outbox exactly when its action committed.

/** One webhook event an audit event stands for. */
export interface MappedEvent {
  type: WebhookEventType;
  /** `zen:<subject_type>:<id>` in the envelope. */
  subjectType: 'user' | 'ticket' | 'organization' | 'comment' | 'attachment' | 'erasure_request';
  subjectId: number;
  /**
   * Ids only: the body names its subject by id and nothing else is read (erasures, redactions).
   * Otherwise the body is built from the record as it is when it is sent.
   */
  idsOnly: boolean;
  /** The row is about this person or ticket: their erasure takes it (never set for ids-only events). */
  userId: number | null;
  ticketId: number | null;
  /** The envelope's `event`: states and ids copied from the audit event. */
  event: Record<string, string | number | boolean | null>;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/** The webhook events an audit event stands for (none for most actions). */
export function webhookEventsOf(action: string, subjectId: number | null, details: EventDetails): MappedEvent[] {
  if (subjectId === null) return [];
  const user = (type: WebhookEventType, idsOnly = false): MappedEvent => ({ type, subjectType: 'user', subjectId, idsOnly, userId: idsOnly ? null : subjectId, ticketId: null, event: {} });
  const ticket = (type: WebhookEventType, event: MappedEvent['event'] = {}, idsOnly = false): MappedEvent => ({ type, subjectType: 'ticket', subjectId, idsOnly, userId: null, ticketId: idsOnly ? null : subjectId, event });
  const org = (type: WebhookEventType): MappedEvent => ({ type, subjectType: 'organization', subjectId, idsOnly: false, userId: null, ticketId: null, event: {} });
  switch (action) {
    case 'user.created':
      return [user('zen:event-type:user.created')];
    case 'user.deleted':
      return [user('zen:event-type:user.deleted')];
    case 'user.erased':
      return [user('zen:event-type:user.permanently_deleted', true)];
    case 'organization.created':
      return [org('zen:event-type:organization.created')];
    case 'organization.deleted':
      // The organization is gone when the body is built: ids only.
      return [{ ...org('zen:event-type:organization.deleted'), idsOnly: true }];
    case 'ticket.created':
      return [ticket('zen:event-type:ticket.created')];
    case 'ticket.updated': {
      const fields = Array.isArray(details.fields) ? details.fields : [];
      return (fields as unknown[]).includes('status') ? [ticket('zen:event-type:ticket.status_changed')] : [];
    }
    case 'ticket.marked_spam':
      return [ticket('zen:event-type:ticket.marked_as_spam')];
    case 'ticket.deleted':
      return [ticket('zen:event-type:ticket.soft_deleted')];
    case 'ticket.restored':
      return [ticket('zen:event-type:ticket.undeleted')];
    case 'ticket.erased':
      return [ticket('zen:event-type:ticket.permanently_deleted', {}, true)];
    case 'comment.redacted':
    case 'attachment.redacted': {
      const ticketId = num(details.ticket_id);
      const kind = action === 'comment.redacted' ? 'comment' : 'attachment';
      return [
        {
          type: `oubli:event-type:${kind}.redacted` as WebhookEventType,
          subjectType: kind,
          subjectId,
          idsOnly: true,
          userId: null,
          ticketId: null,
          event: { ticket_id: ticketId, comment_id: num(details.comment_id) },
        },
      ];
    }
    case 'erasure_request.completed':
      return [{ type: 'oubli:event-type:erasure_request.completed', subjectType: 'erasure_request', subjectId, idsOnly: true, userId: null, ticketId: null, event: { user_id: num(details.user_id) } }];
    default:
      return [];
  }
}

/** Audit actions after which the invocation log's copies of a ticket's or person's text must go (redactions). */
export const REDACTING_ACTIONS: Readonly<Record<string, 'ticket' | 'user' | 'organization'>> = {
  'comment.redacted': 'ticket',
  'attachment.redacted': 'ticket',
  'ticket.subject_redacted': 'ticket',
  'ticket.custom_fields_cleared': 'ticket',
  'ticket.tags_removed': 'ticket',
  'user.profile_redacted': 'user',
  'organization.redacted': 'organization',
};

/** True when the audit action may queue a webhook event (the deliverer wakes on it). */
export function isWebhookAction(action: string): boolean {
  return ['user.created', 'user.deleted', 'user.erased', 'organization.created', 'organization.deleted', 'ticket.created', 'ticket.updated', 'ticket.marked_spam', 'ticket.deleted', 'ticket.restored', 'ticket.erased', 'comment.redacted', 'attachment.redacted', 'erasure_request.completed'].includes(action);
}

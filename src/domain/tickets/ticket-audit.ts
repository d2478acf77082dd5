import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { insertTicketAudit, type TicketAuditRow } from '../../db/queries/tickets.ts';
import { actorId } from './ticket-rules.ts';

export type { TicketAuditRow };

/**
 * One entry of a ticket's history. Values are kept only for fields whose values are ids or
 * fixed words (status, priority, assignee…); free-text fields (subject, tags, custom fields)
 * are named without their value, so an erasure never has to hunt through history.
 */
export type AuditEvent =
  | { type: 'Create' | 'Change'; field_name: string; value?: string | number | number[] | null; previous_value?: string | number | number[] | null }
  | { type: 'Comment'; id: number; author_id: number; public: boolean; attachment_ids: number[] };

/** Fields whose values are safe to keep in the history. */
const VALUE_FIELDS = new Set([
  'status',
  'priority',
  'type',
  'requester_id',
  'submitter_id',
  'assignee_id',
  'group_id',
  'organization_id',
  'brand_id',
  'collaborator_ids',
  'state',
]);

type Value = string | number | number[] | null | undefined;

/** A Create or Change event for one field, with values only when the field allows it. */
export function fieldEvent(type: 'Create' | 'Change', field: string, value?: unknown, previous?: unknown): AuditEvent {
  if (!VALUE_FIELDS.has(field)) return { type, field_name: field };
  const e: AuditEvent = { type, field_name: field, value: (value as Value) ?? null };
  if (type === 'Change') e.previous_value = (previous as Value) ?? null;
  return e;
}

/** Appends an audit to the ticket's history in the action's transaction. */
export async function writeTicketAudit(
  ctx: Ctx,
  trx: Kysely<Database>,
  ticketId: number,
  events: AuditEvent[],
): Promise<TicketAuditRow> {
  return insertTicketAudit(trx, {
    ticket_id: ticketId,
    author_id: actorId(ctx),
    events: JSON.stringify(events),
    created_at: ctx.now().toISOString(),
  });
}

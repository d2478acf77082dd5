import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookInvocationsTable } from '../../db/schema.ts';
import { organizationForWebhook, ticketForWebhook, userForWebhook } from '../../db/queries/webhooks.ts';

// The event envelope, as Zendesk sends it (docs/webhooks.md "Events"):
// {type, account_id, id, time, zendesk_event_version, subject, event, detail}. The detail is
// read when the request is sent, from the record as it is then: an event queued before an
// erasure and sent after carries the stub's or the tombstone's ids, never what was erased.
// Erasures, redactions and erasure notices are ids only, by construction.

/** Zendesk's account_id: Oubli is one account. */
export const ACCOUNT_ID = 1;

const VERSION: Record<string, string> = { user: '2022-06-20', organization: '2022-06-20', ticket: '2022-11-06' };

export interface BuiltBody {
  body: string;
  /** Everyone whose data the body carries (the erasure ledger records them). */
  userIds: number[];
}

type Invocation = Selectable<WebhookInvocationsTable>;

const ts = (v: string | null | undefined) => (v ? v.replace(/\.\d{3}Z$/, 'Z') : null);
const idText = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** The body of one invocation, read now. */
export async function buildWebhookBody(db: Kysely<Database>, inv: Invocation): Promise<BuiltBody> {
  const base = {
    type: inv.event_type,
    account_id: ACCOUNT_ID,
    id: inv.event_id,
    time: ts(inv.event_time),
    zendesk_event_version: VERSION[inv.subject_type] ?? '2022-11-06',
    subject: `zen:${inv.subject_type}:${inv.subject_id}`,
    event: JSON.parse(inv.event_data) as Record<string, unknown>,
  };
  const idsOnly = (): BuiltBody => ({ body: JSON.stringify({ ...base, detail: { id: idText(inv.subject_id) } }), userIds: [] });
  // Erasure notices and ids-only events reference nobody; only a row about someone reads them.
  if (inv.subject_id === null || (inv.user_id === null && inv.ticket_id === null && inv.subject_type !== 'organization') || inv.ledger_id !== null) return idsOnly();
  if (inv.subject_type === 'user') {
    const u = await userForWebhook(db, inv.subject_id);
    if (!u || u.erased_at || u.erasing_since) return idsOnly();
    const detail = {
      created_at: ts(u.created_at),
      email: u.email,
      external_id: u.external_id,
      default_group_id: null,
      id: String(u.id),
      organization_id: idText(u.organization_id),
      role: u.role,
      updated_at: ts(u.updated_at),
    };
    return { body: JSON.stringify({ ...base, detail }), userIds: [u.id] };
  }
  if (inv.subject_type === 'ticket') {
    const t = await ticketForWebhook(db, inv.subject_id);
    if (!t || t.erased_at || t.state === 'erased') return idsOnly();
    const status = t.status.toUpperCase();
    const event = inv.event_type === 'zen:event-type:ticket.status_changed' ? { ...base.event, current: status } : base.event;
    const detail = {
      actor_id: null,
      assignee_id: idText(t.assignee_id),
      brand_id: idText(t.brand_id),
      created_at: ts(t.created_at),
      custom_status: null,
      description: null,
      external_id: t.external_id,
      form_id: null,
      group_id: idText(t.group_id),
      id: String(t.id),
      is_public: true,
      organization_id: idText(t.organization_id),
      priority: t.priority ? t.priority.toUpperCase() : null,
      requester_id: idText(t.requester_id),
      status,
      subject: t.subject,
      submitter_id: idText(t.submitter_id),
      tags: t.tags,
      type: t.type ? t.type.toUpperCase() : null,
      updated_at: ts(t.updated_at),
      via: { channel: t.channel },
    };
    const people = [t.requester_id, t.submitter_id, t.assignee_id, ...t.collaborator_ids].filter((id): id is number => typeof id === 'number');
    return { body: JSON.stringify({ ...base, event, detail }), userIds: [...new Set(people)] };
  }
  if (inv.subject_type === 'organization') {
    const o = await organizationForWebhook(db, inv.subject_id);
    if (!o) return idsOnly();
    const detail = { created_at: ts(o.created_at), external_id: o.external_id, group_id: null, id: String(o.id), name: o.name, shared_comments: false, shared_tickets: false, updated_at: ts(o.updated_at) };
    return { body: JSON.stringify({ ...base, detail }), userIds: [] };
  }
  return idsOnly();
}

import type { Ticket, TicketStatus } from '../../../../src/shared/tickets.ts';

// Field changes the agent made on the ticket page and has not saved yet. They live in the
// reply's draft (`fields`, docs/views.md "Drafts"), so they survive like the text, and go
// out with "Update" alone or with the reply in the same PUT /tickets/{id}.

export interface CustomFieldValue {
  id: number;
  value: unknown;
}

export interface PendingFields {
  assignee_id?: number | null;
  group_id?: number | null;
  priority?: string | null;
  type?: string | null;
  tags?: string[];
  collaborator_ids?: number[];
  organization_id?: number | null;
  custom_fields?: CustomFieldValue[];
}

export type FieldName = keyof PendingFields;

/** What the reply box keeps: the text, public or internal, the "Submit as" choice and the field changes. */
export interface DraftValue {
  body: string;
  public: boolean;
  status: TicketStatus | null;
  fields: PendingFields;
}

export const EMPTY_DRAFT: DraftValue = { body: '', public: true, status: null, fields: {} };

const FIELD_NAMES: FieldName[] = ['assignee_id', 'group_id', 'priority', 'type', 'tags', 'collaborator_ids', 'organization_id', 'custom_fields'];

const sortedNumbers = (a: number[]) => [...a].sort((x, y) => x - y);
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The ticket's current value of a field, in the form a pending change is kept in. */
export function currentValue(ticket: Ticket, field: FieldName): unknown {
  switch (field) {
    case 'tags':
      return [...ticket.tags].sort();
    case 'collaborator_ids':
      return sortedNumbers(ticket.collaborator_ids);
    case 'custom_fields':
      return ticket.custom_fields;
    default:
      return ticket[field] ?? null;
  }
}

/** Custom field entries whose value differs from the ticket's (the server merges by id). */
function changedCustomFields(ticket: Ticket, wanted: CustomFieldValue[]): CustomFieldValue[] {
  const now = new Map(ticket.custom_fields.map((f) => [f.id, f.value]));
  return wanted.filter((f) => !sameJson(now.has(f.id) ? now.get(f.id) : null, f.value));
}

/**
 * The changes that still change something: a field set back to the ticket's value (or to the
 * value a colleague meanwhile gave it) is no change at all.
 */
export function effectiveChanges(ticket: Ticket, fields: PendingFields): PendingFields {
  const out: PendingFields = {};
  for (const name of FIELD_NAMES) {
    const v = fields[name];
    if (v === undefined) continue;
    if (name === 'custom_fields') {
      const changed = changedCustomFields(ticket, v as CustomFieldValue[]);
      if (changed.length) out.custom_fields = changed;
      continue;
    }
    const norm = name === 'tags' ? [...(v as string[])].sort() : name === 'collaborator_ids' ? sortedNumbers(v as number[]) : v;
    if (!sameJson(norm, currentValue(ticket, name))) (out as Record<string, unknown>)[name] = norm;
  }
  return out;
}

/** The value shown in a field: the pending one if any, else the ticket's. */
export function shownValue<K extends FieldName>(ticket: Ticket, fields: PendingFields, name: K): NonNullable<PendingFields[K]> | null {
  const v = fields[name] !== undefined ? fields[name] : currentValue(ticket, name);
  return (v ?? null) as NonNullable<PendingFields[K]> | null;
}

/** Sets one pending field; setting it back to the ticket's own value drops the change. */
export function withField<K extends FieldName>(ticket: Ticket, fields: PendingFields, name: K, value: PendingFields[K]): PendingFields {
  const next: PendingFields = { ...fields, [name]: value };
  // Custom fields stay listed while edited (a field just added has no value yet); what is
  // sent is only what differs (effectiveChanges).
  if (name === 'custom_fields') return next;
  if (!(name in effectiveChanges(ticket, next))) delete next[name];
  return next;
}

/** Reads the `fields` of a stored draft back, keeping only what this page writes. */
export function fieldsFromDraft(raw: Record<string, unknown> | undefined): PendingFields {
  const out: PendingFields = {};
  if (!raw) return out;
  const id = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v > 0);
  const word = (v: unknown) => v === null || typeof v === 'string';
  if ('assignee_id' in raw && id(raw.assignee_id)) out.assignee_id = raw.assignee_id as number | null;
  if ('group_id' in raw && id(raw.group_id)) out.group_id = raw.group_id as number | null;
  if ('organization_id' in raw && id(raw.organization_id)) out.organization_id = raw.organization_id as number | null;
  if ('priority' in raw && word(raw.priority)) out.priority = raw.priority as string | null;
  if ('type' in raw && word(raw.type)) out.type = raw.type as string | null;
  if (Array.isArray(raw.tags) && raw.tags.every((t) => typeof t === 'string')) out.tags = raw.tags as string[];
  if (Array.isArray(raw.collaborator_ids) && raw.collaborator_ids.every((v) => id(v) && v !== null)) out.collaborator_ids = raw.collaborator_ids as number[];
  if (Array.isArray(raw.custom_fields)) {
    out.custom_fields = (raw.custom_fields as unknown[]).filter((f): f is CustomFieldValue => !!f && typeof f === 'object' && id((f as CustomFieldValue).id));
  }
  return out;
}

/** Words for a count of changes, for buttons and hints. */
export function changesText(n: number): string {
  return n === 1 ? '1 field change' : `${n} field changes`;
}

/** The status "Submit as" offers first: the ticket's own (a new ticket is opened by an answer). */
export function defaultSubmitStatus(ticket: Ticket): TicketStatus {
  return ticket.status === 'new' ? 'open' : ticket.status;
}
